# /usr/bin/python3 -m training.probes.copy_seam CKPT [CKPT...] (from the repository root)
"""How the copied eye sits (model/copy.py): on 30 one-eye painted evaluation faces, the seam (the
luma gradient on the hole's edge, +-1 px, result over the real photo's there: 1 = no more edge than
the face has; a ring drawn round the eye is well above) and the hole's error (0-255), with the copy
as it comes and relit to the light around the hole (model/copy.py, relit), whatever the checkpoint's
config says. A checkpoint without the copy is measured as it is (relit None)."""
import sys

import cv2
import numpy as np
import torch

from training.checkpoint import load_generator
from training.probes.painted_eyes import eval_files, painted_eyes, restore


def seam(out: np.ndarray, faces: np.ndarray, masks: np.ndarray) -> float:
    """Mean over faces of the Sobel luma gradient on the hole's edge band, result over truth."""
    k = np.ones((3, 3), np.uint8)
    luma = lambda a: a.astype(np.float64) @ np.array([0.299, 0.587, 0.114])

    def edge(a, band):
        y = luma(a)
        return np.hypot(cv2.Sobel(y, cv2.CV_64F, 1, 0), cv2.Sobel(y, cv2.CV_64F, 0, 1))[band].mean()
    ratios = []
    for o, f, m in zip(out, faces, masks):
        band = (cv2.dilate(m, k) - cv2.erode(m, k)) > 0
        ratios.append(edge(o, band) / edge(f, band))
    return float(np.mean(ratios))


def main() -> None:
    torch.set_num_threads(1)
    faces, masks, kinds = painted_eyes(eval_files(45, step=5))
    faces, masks = faces[kinds == 1], masks[kinds == 1]
    for c in sys.argv[1:]:
        g, _, meta = load_generator(c)
        for relight in ((False, True) if g.refine.copy_attn is not None else (None,)):   # None: no copy
            if relight is not None:
                g.refine.copy_attn.relight = relight
            _, out = restore(g, faces, masks)
            err = np.abs(out - faces).mean(-1)
            hole = np.mean([e[m > 0].mean() for e, m in zip(err, masks)])
            print(f"{c} step {meta.get('step')} relit {relight!s:5}: seam {seam(out, faces, masks):.2f}"
                  f"  hole error {hole:.2f}  ({len(faces)} faces)")


if __name__ == "__main__":
    main()
