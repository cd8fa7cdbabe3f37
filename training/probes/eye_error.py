# /usr/bin/python3 -m training.probes.eye_error N CKPT... (from the repository root)
"""Hole error on painted eyes per checkpoint (the first N evaluation faces; painted_eyes.py): for
one-eye holes (the other eye visible) and both-eye holes."""
import sys

import torch

from training.checkpoint import load_generator
from training.probes.painted_eyes import eval_files, hole_error, painted_eyes, restore

torch.set_num_threads(1)
faces, masks, kinds = painted_eyes(eval_files(int(sys.argv[1])))
for c in sys.argv[2:]:
    g, _, meta = load_generator(c)
    one, both = hole_error(restore(g, faces, masks)[1], faces, masks, kinds)
    print("%s %d one-eye %.2f  both %.2f" % (c.split("/")[-1], meta["step"], one, both))
