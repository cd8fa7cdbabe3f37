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

from training.probes.stage_grid import stage_grid

R = 128
torch.set_num_threads(1)
src = Path(__file__).resolve().parents[2] / "../shared/data/faces/hires/peer-demo/00169.png"
img = cv2.cvtColor(cv2.imread(str(src)), cv2.COLOR_BGR2RGB)
white = (img.min(2) >= 250).astype(np.uint8)
white = cv2.dilate(white, np.ones((7, 7), np.uint8))
face = cv2.resize(img, (R, R), interpolation=cv2.INTER_AREA)
hole = cv2.resize(white.astype(np.float32), (R, R), interpolation=cv2.INTER_AREA) > 0
stage_grid(face, hole, sys.argv[2:], sys.argv[1], 3, show_hole=1.0)
