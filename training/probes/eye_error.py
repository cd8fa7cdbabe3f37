# /usr/bin/python3 -m training.probes.eye_error N CKPT... (from the repository root)
"""Hole error on painted eyes per checkpoint (the first N evaluation faces; painted_eyes.py): for
one-eye holes (the other eye visible) and both-eye holes; and the luma spread in the hole, result
over the real eye's (hole_contrast: 1 = as much contrast as a real eye)."""
import sys

import torch

from training.checkpoint import load_generator
from training.probes.painted_eyes import eval_files, hole_contrast, hole_error, painted_eyes, restore

torch.set_num_threads(1)
faces, masks, kinds = painted_eyes(eval_files(int(sys.argv[1])))
for c in sys.argv[2:]:
    g, _, meta = load_generator(c)
    out = restore(g, faces, masks)[1]
    one, both = hole_error(out, faces, masks, kinds)
    c1, c2 = hole_contrast(out, faces, masks, kinds)
    print("%s %d error: one-eye %.2f  both %.2f   contrast: one-eye %.3f  both %.3f" % (c.split("/")[-1], meta["step"], one, both, c1, c2))
