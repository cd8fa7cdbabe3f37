"""Evaluation metrics as pure functions of two images [H, W, 3] float in [0, 1].

PSNR and mean L1 on the whole image; SSIM is scikit-image's `structural_similarity` with its
defaults (7x7 uniform window, data_range=1, channel mean), the variant the inpainting
literature reports.
"""
from __future__ import annotations

import math

import numpy as np
from skimage.metrics import structural_similarity


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return math.inf if mse == 0 else 10 * math.log10(1.0 / mse)


def l1(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a.astype(np.float64) - b.astype(np.float64))))


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    return float(structural_similarity(a, b, channel_axis=2, data_range=1.0))


def summarize(rows: list[dict]) -> dict:
    """Mean of psnr/ssim/l1 over per-image rows."""
    return {k: float(np.mean([r[k] for r in rows])) for k in ("psnr", "ssim", "l1")} | {"n": len(rows)}
