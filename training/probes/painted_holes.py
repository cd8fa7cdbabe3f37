# /usr/bin/python3 -m training.probes.painted_holes OUT.png N CKPT... (from the repository root)
# /usr/bin/python3 -m training.probes.painted_holes --write-sheet tools/eval/painted-holes.png
# /usr/bin/python3 -m training.probes.painted_holes --write-sheet tools/eval/edge-holes.png edge
"""Large painted holes (masks.painted_region: a brushed area, ellipses, one side of the face cut
off) on the first N evaluation faces, the kind of hole a person paints and the NVIDIA masks
seldom are: `npm run eval`'s `painted` bucket, whose masks are the sheet this writes
(SHEET_FACES masks of R x R in rows of 10; a test checks it is what painted_region draws).
Prints PSNR / SSIM / L1 / sharpness per checkpoint and for OpenCV Navier-Stokes, and `x/y excess`:
per 8x8 block that is mostly hole, log(x-detail / y-detail) of the result minus the original's
(losses.oriented_energy), averaged; above 0 the fill has more vertical structure than the face
(stage 3's streaks). Writes a grid of the first 8 faces at 1.5x: painted | per checkpoint stage
2, final | original."""
import sys

import cv2
import numpy as np
import torch

from training.checkpoint import load_generator
from training.config import Config
from training.evaluate import eval_pairs, opencv_inpaint, run_model, score, xy_excess
from training.masks import PAINTED_EVAL_FACES, PAINTED_EVAL_R, edge_eval_hole, painted_eval_hole

R = PAINTED_EVAL_R


SHEET_FACES, SHEET_COLS = PAINTED_EVAL_FACES, 10


def sheet(bucket: str = "painted") -> np.ndarray:
    """The evaluation's painted (or `edge`: running off the border) holes as one grey image (255 =
    hole), SHEET_COLS to a row."""
    draw = edge_eval_hole if bucket == "edge" else painted_eval_hole
    rows = [np.hstack([draw(i) for i in range(r, r + SHEET_COLS)]) for r in range(0, SHEET_FACES, SHEET_COLS)]
    return np.vstack(rows) * 255


def painted_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The first n evaluation faces [n,R,R,3] uint8 and their painted regions [n,R,R] uint8."""
    return eval_pairs(Config().data.eval_dir, "", n, R, "painted")


def main() -> None:
    torch.set_num_threads(1)
    if sys.argv[1] == "--write-sheet":
        cv2.imwrite(sys.argv[2], sheet(sys.argv[3] if len(sys.argv) > 3 else "painted").astype(np.uint8))
        return
    out_path, n, ckpts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    faces, masks = painted_pairs(n)
    print(f"{len(faces)} faces, hole ratio {masks.mean():.3f}")
    ns = np.stack([opencv_inpaint(f, m, cv2.INPAINT_NS) for f, m in zip(faces, masks)]) / 255.0
    s = score(ns, faces, masks)
    print(f"OpenCV NS: PSNR {s['psnr']:.2f} SSIM {s['ssim']:.4f} L1 {s['l1']:.4f} sharpness {s['sharpness']:.3f} x/y excess {xy_excess(ns, faces, masks):+.3f}")
    show = range(min(8, len(faces)))
    cols = [faces * (1 - masks[..., None]) + 255 * masks[..., None]]
    for c in ckpts:
        g, _, meta = load_generator(c)
        out = run_model(g, faces, masks, 64)
        for k in ("stage2", "isfrnet"):
            s = score(out[k], faces, masks)
            print(f"{c} (step {meta['step']}) {k}: PSNR {s['psnr']:.2f} SSIM {s['ssim']:.4f} L1 {s['l1']:.4f} sharpness {s['sharpness']:.3f} x/y excess {xy_excess(out[k], faces, masks):+.3f}")
        cols += [out["stage2"] * 255, out["isfrnet"] * 255]
    cols.append(faces)
    grid = np.vstack([np.hstack([c[i] for c in cols]) for i in show]).clip(0, 255).round().astype(np.uint8)
    cv2.imwrite(out_path, cv2.cvtColor(cv2.resize(grid, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))


if __name__ == "__main__":
    main()
