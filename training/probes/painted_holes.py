# /usr/bin/python3 -m training.probes.painted_holes OUT.png N CKPT... (from the repository root)
"""Large painted holes (masks.painted_region: a brushed area, ellipses, one side of the face cut
off) on N evaluation faces, the kind of hole a person paints and the NVIDIA masks seldom are.
Prints PSNR / SSIM / L1 / sharpness per checkpoint and for OpenCV Navier-Stokes, and writes a
grid of the first 8 faces at 1.5x: painted | per checkpoint stage 2, final | original."""
import sys

import cv2
import numpy as np
import torch

from training.checkpoint import load_generator
from training.config import Config
from training.data import list_images, load_face
from training.evaluate import opencv_inpaint, run_model, score
from training.masks import painted_region

R = 128


def painted_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Faces [n,R,R,3] uint8 (every 4th evaluation face) and their painted regions [n,R,R] uint8, fixed per face."""
    files = list_images(Config().data.eval_dir)[: 4 * n : 4]
    faces = np.stack([load_face(f, R) for f in files])
    masks = np.stack([painted_region(R, np.random.default_rng(10_000 + i)) for i in range(len(files))])
    return faces, masks


def main() -> None:
    torch.set_num_threads(1)
    out_path, n, ckpts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    faces, masks = painted_pairs(n)
    print(f"{len(faces)} faces, hole ratio {masks.mean():.3f}")
    ns = np.stack([opencv_inpaint(f, m, cv2.INPAINT_NS) for f, m in zip(faces, masks)]) / 255.0
    s = score(ns, faces, masks)
    print(f"OpenCV NS: PSNR {s['psnr']:.2f} SSIM {s['ssim']:.4f} L1 {s['l1']:.4f} sharpness {s['sharpness']:.3f}")
    show = range(min(8, len(faces)))
    cols = [faces * (1 - masks[..., None]) + 255 * masks[..., None]]
    for c in ckpts:
        g, _, meta = load_generator(c)
        out = run_model(g, faces, masks, 64)
        for k in ("stage2", "isfrnet"):
            s = score(out[k], faces, masks)
            print(f"{c} (step {meta['step']}) {k}: PSNR {s['psnr']:.2f} SSIM {s['ssim']:.4f} L1 {s['l1']:.4f} sharpness {s['sharpness']:.3f}")
        cols += [out["stage2"] * 255, out["isfrnet"] * 255]
    cols.append(faces)
    grid = np.vstack([np.hstack([c[i] for c in cols]) for i in show]).clip(0, 255).round().astype(np.uint8)
    cv2.imwrite(out_path, cv2.cvtColor(cv2.resize(grid, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))


if __name__ == "__main__":
    main()
