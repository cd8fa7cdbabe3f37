"""Losses: hole-weighted L1, SSIM (the same SSIM as the metric), GAN and feature matching.

All images are [B, 3, R, R] in [-1, 1]; masks [B, 1, R, R] with 1 = hole.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def masked_l1(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor, hole_w: float, valid_w: float) -> torch.Tensor:
    """Mean L1 over all pixels, weighted hole_w inside the hole and valid_w outside."""
    err = (pred - target).abs()
    return (err * (mask * hole_w + (1 - mask) * valid_w)).mean()


def ssim(a: torch.Tensor, b: torch.Tensor, win: int = 7) -> torch.Tensor:
    """Mean SSIM of images in [-1, 1], computed as scikit-image's `structural_similarity`
    defaults do (7x7 uniform window, data range 1 on [0,1] images, sample covariance, the
    border of win//2 pixels cropped, mean over channels). Returns [B]."""
    a, b = (a + 1) / 2, (b + 1) / 2
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    n = win * win
    cov_norm = n / (n - 1)
    mean = lambda t: F.avg_pool2d(t, win, stride=1)           # valid window: the crop is implicit
    ma, mb = mean(a), mean(b)
    vaa = cov_norm * (mean(a * a) - ma * ma)
    vbb = cov_norm * (mean(b * b) - mb * mb)
    vab = cov_norm * (mean(a * b) - ma * mb)
    s = ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (vaa + vbb + c2))
    return s.mean((1, 2, 3))


def d_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Non-saturating logistic GAN loss of the discriminator."""
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def g_adv_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    return F.softplus(-fake_logits).mean()


def feature_matching(fake_feats: list[torch.Tensor], real_feats: list[torch.Tensor]) -> torch.Tensor:
    """L1 between discriminator features of the restored and the real face, per layer normalised."""
    return sum((f - r.detach()).abs().mean() / (r.detach().abs().mean() + 1e-6) for f, r in zip(fake_feats, real_feats)) / len(fake_feats)
