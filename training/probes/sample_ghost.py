# /usr/bin/python3 -m training.probes.sample_ghost OUT.png CKPT... (from the repository root)
"""The app's sample photo (public domain) with the e2e restore test's two strokes and crop
(e2e/restore.spec.ts), through each checkpoint at R=128: masked | stage 2 | stage 3 per row. Then,
for the last checkpoint, which known pixels the stage-3 output at a few hole pixels depends on
most (|d output / d input|, summed over colour): where the ghost in the hole comes from."""
import sys

import cv2
import numpy as np
import torch

from training.probes.stage_grid import stage_grid

R = 128
STROKES = ([[215, 128], [250, 124], [290, 130]], [[230, 175], [262, 182], [285, 172]])
BRUSH = 34                      # the app's default brush, photo px
CROP = (140, 36, 237)           # x, y, size: the test's crop box

torch.set_num_threads(1)
img = cv2.cvtColor(cv2.imread("public/sample/astronaut.png"), cv2.COLOR_BGR2RGB)
paint = np.zeros(img.shape[:2], np.uint8)
for pts in STROKES:
    cv2.polylines(paint, [np.array(pts, np.int32)], False, 1, thickness=BRUSH)
x0, y0, s = CROP
face = cv2.resize(img[y0:y0 + s, x0:x0 + s], (R, R), interpolation=cv2.INTER_AREA)
hole = cv2.resize(paint[y0:y0 + s, x0:x0 + s].astype(np.float32), (R, R), interpolation=cv2.INTER_AREA) > 0
x, m, g = stage_grid(face, hole, sys.argv[2:], sys.argv[1], 2)

known = x * (1 - m)
known.requires_grad_(True)
for py, px in ((40, 58), (45, 62), (52, 66)):
    known.grad = None
    g(known, m, torch.zeros(1, 64)).output.clamp(-1, 1)[0, :, py, px].sum().backward()
    sal = known.grad[0].abs().sum(0).numpy() * (1 - hole)
    top = np.argsort(sal.ravel())[::-1][:5]
    print("hole pixel (y %d, x %d): strongest known inputs (y, x) %s" % (py, px, [(int(i // R), int(i % R)) for i in top]))
