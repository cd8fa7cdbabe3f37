# /usr/bin/python3 -m training.probes.moved_faces [--grid OUT.png] CKPT... (from the repository root)
"""Faces off their aligned place, as a crop box moved by hand holds them: the first 100 evaluation
faces cut as windows of their 192 px copy (data.window_crops, a fixed seed, magnified 1-1.5x and
anywhere inside the face), each with its painted evaluation hole (masks.painted_eval_hole). Per
checkpoint PSNR / SSIM / sharpness / x/y excess of the final composite, and a grid (masked | stage 3
per checkpoint | original) of the first eight. Whether window-crop training (data.crop_zoom)
carries to faces where the aligned ones never sit, on pixels it never trained on."""
import argparse

import cv2
import numpy as np
import torch

from training.checkpoint import load_generator
from training.data import list_images, load_face, window_crops
from training.evaluate import run_model, score, xy_excess
from training.masks import painted_eval_hole

R, BIG, N = 128, 192, 100

ap = argparse.ArgumentParser()
ap.add_argument("ckpts", nargs="+")
ap.add_argument("--grid")
ap.add_argument("--faces", default="../shared/data/faces/eval/utkface")
args = ap.parse_args()
torch.set_num_threads(2)
files = list_images(args.faces)[:N]
hi = np.stack([load_face(p, BIG) for p in files])
lo = np.stack([load_face(p, R) for p in files])
faces, _ = window_crops(hi, np.arange(N), lo, torch.Generator().manual_seed(30_000), zoom=0.5, p=1.0)
holes = np.stack([cv2.resize(painted_eval_hole(i), (R, R), interpolation=cv2.INTER_NEAREST) for i in range(N)])
cols = [np.where(holes[:8, :, :, None] > 0, 255, faces[:8])]
for ckpt in args.ckpts:
    g, cfg, meta = load_generator(ckpt)
    out = run_model(g, faces, holes, cfg.model.z_dim)["isfrnet"]
    s = score(out, faces, holes)
    print(f"step {meta['step']}: PSNR {s['psnr']:.2f} SSIM {s['ssim']:.4f} sharpness {s['sharpness']:.3f} "
          f"x/y excess {xy_excess(out, faces, holes):+.3f}  ({ckpt})")
    cols.append((out[:8] * 255).round().astype(np.uint8))
cols.append(faces[:8])
if args.grid:
    grid = np.vstack([np.hstack([c[i] for c in cols]) for i in range(8)])
    cv2.imwrite(args.grid, cv2.cvtColor(grid, cv2.COLOR_RGB2BGR))
