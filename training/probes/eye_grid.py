# /usr/bin/python3 -m training.probes.eye_grid OUT.png CKPT... (from the repository root)
"""Ten evaluation faces' painted eyes through several checkpoints, a 2x grid:
masked | ckpt1 stage 2 | ckpt1 out | ckpt2 ... | original."""
import sys

import torch

from training.checkpoint import load_generator
from training.probes.painted_eyes import eval_files, eyes_grid, painted_eyes, restore

torch.set_num_threads(1)
faces, masks, _ = painted_eyes(eval_files(10, step=17))
cols = [faces * (1 - masks[..., None]) + 255 * masks[..., None]]
for c in sys.argv[2:]:
    g, _, meta = load_generator(c)
    cols.extend(restore(g, faces, masks))
    print(c, meta["step"])
eyes_grid(sys.argv[1], cols + [faces], range(len(faces)))
