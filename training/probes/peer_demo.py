# /usr/bin/python3 -m training.probes.peer_demo OUT.png CKPT... (from the repository root)
"""The peer demo 00169 (../shared/data/faces/hires/peer-demo: white = the hole, grown by 3 px as
the e2e test does) through each checkpoint at R=128, the whole 512 px image as the crop (the app's
face crop holds about the same): input | stage 2 | stage 3 per checkpoint, 3x. A quick look at
large-hole streaks and the missing second lens between releases, without a browser run."""
import sys
from pathlib import Path

import cv2
import numpy as np
import torch

from training.checkpoint import load_generator

R = 128
torch.set_num_threads(1)
src = Path(__file__).resolve().parents[2] / "../shared/data/faces/hires/peer-demo/00169.png"
img = cv2.cvtColor(cv2.imread(str(src)), cv2.COLOR_BGR2RGB)
white = (img.min(2) >= 250).astype(np.uint8)
white = cv2.dilate(white, np.ones((7, 7), np.uint8))
face = cv2.resize(img, (R, R), interpolation=cv2.INTER_AREA).astype(np.float32)
hole = (cv2.resize(white.astype(np.float32), (R, R), interpolation=cv2.INTER_AREA) > 0).astype(np.float32)
x = torch.from_numpy(face).permute(2, 0, 1)[None].div(127.5).sub(1)
m = torch.from_numpy(hole)[None, None]
rgb = lambda t: ((t.detach().clamp(-1, 1)[0] + 1) * 127.5).permute(1, 2, 0).numpy()
rows = []
for ckpt in sys.argv[2:]:
    g, _, meta = load_generator(ckpt)
    with torch.no_grad():
        o = g(x * (1 - m), m, torch.zeros(1, g.prior.z_dim if hasattr(g.prior, "z_dim") else 64))
    rows.append(np.hstack([rgb(x * (1 - m) + m), rgb(o.structure_composite), rgb(o.output_composite)]))
    print(ckpt, meta["step"])
grid = np.vstack(rows).round().astype(np.uint8)
cv2.imwrite(sys.argv[1], cv2.cvtColor(cv2.resize(grid, None, fx=3, fy=3, interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))
