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


# --- realism metrics (issue 10); tools/eval computes the same in TypeScript (src/lib/realism.ts) ---

SHARP_SIGMA = 1.5
SHARP_RADIUS = 5        # ceil(3 sigma): 11 taps, border reflected without repeating the edge (reflect-101)


def _gauss_kernel() -> np.ndarray:
    x = np.arange(-SHARP_RADIUS, SHARP_RADIUS + 1, dtype=np.float64)
    k = np.exp(-x * x / (2 * SHARP_SIGMA ** 2))
    return k / k.sum()


def luma(img: np.ndarray) -> np.ndarray:
    """BT.601 luma of [H, W, 3] in [0, 1]."""
    return img[..., 0] * 0.299 + img[..., 1] * 0.587 + img[..., 2] * 0.114


def detail_energy(img: np.ndarray, hole: np.ndarray) -> float:
    """Mean of (Y - G*Y)^2 over the hole pixels: the high-frequency energy of the fill."""
    import cv2
    y = luma(img.astype(np.float64))
    k = _gauss_kernel()
    blur = cv2.sepFilter2D(y, cv2.CV_64F, k, k, borderType=cv2.BORDER_REFLECT_101)
    h = hole.astype(bool)
    return float(np.mean((y - blur)[h] ** 2)) if h.any() else 0.0


def sharpness(result: np.ndarray, original: np.ndarray, hole: np.ndarray) -> float | None:
    """Detail inside the hole relative to the real photo's: 1.0 = as detailed, < 1 blurry,
    far above 1 artefacts. None when the original has no detail there (ratio undefined)."""
    ref = detail_energy(original, hole)
    return detail_energy(result, hole) / ref if ref > 1e-12 else None     # (a flat original blurs to ~1e-32, not 0)


def diversity(results: list[np.ndarray], original: np.ndarray, hole: np.ndarray) -> tuple[float, float]:
    """(mean pairwise mean absolute difference inside the hole, mean absolute difference from
    the original inside the hole) for the results of several seeds on one face."""
    h = hole.astype(bool)
    pair = [np.mean(np.abs(a[h] - b[h])) for i, a in enumerate(results) for b in results[i + 1:]]
    err = [np.mean(np.abs(a[h] - original[h])) for a in results]
    return float(np.mean(pair)), float(np.mean(err))
