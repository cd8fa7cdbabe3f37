# /usr/bin/python3 -m training.probes.mirror_copy CKPT OUT.png (from the repository root)
"""What stage 3 does with the other eye when its full-resolution mirror conv is given a copy of
that conv's own weights (the image channels', or the structure composite's), at a scale: hole
error on 60 evaluation faces (painted_eyes.py) and a grid of every other face."""
import copy
import sys

import torch

from training.checkpoint import load_generator
from training.probes.painted_eyes import eval_files, eyes_grid, hole_error, painted_eyes, restore

torch.set_num_threads(1)
faces, masks, kinds = painted_eyes(eval_files(60))
g0, _, _ = load_generator(sys.argv[1])
W = g0.refine.full[0][0].weight.data  # [out, c + 7, 3, 3]: up2(x), image 3, mask 1, structure composite 3
c = W.shape[1] - 7
cols = [faces * (1 - masks[..., None]) + 255 * masks[..., None]]
for name, chans, scale in [("as is", None, 0), ("image x1", (c, c + 4), 1.0), ("composite x1", (c + 4, c + 7), 1.0), ("composite x0.5", (c + 4, c + 7), 0.5)]:
    g = copy.deepcopy(g0)
    if chans:
        wm = torch.zeros_like(g.refine.mirror_full.conv.weight)
        wm[:, : chans[1] - chans[0]] = W[:, chans[0]:chans[1]] * scale
        g.refine.mirror_full.conv.weight.data = wm
    out = restore(g, faces, masks)[1]
    print("%-16s one-eye %.2f  both %.2f" % ((name,) + hole_error(out, faces, masks, kinds)))
    cols.append(out)
eyes_grid(sys.argv[2], cols + [faces], range(0, 24, 2))
