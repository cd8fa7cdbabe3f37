"""Patch discriminator used only in training (never exported).

Spectral-normalised 4x4 stride-2 convolutions, as in PatchGAN/LaMa. It sees the image and
the mask, so it can learn what a filled hole looks like. Its intermediate features give the
feature-matching loss, our learned perceptual loss (no ImageNet backbone can be had here).

`PatchDiscriminator(image, mask) -> (logits [B,1,R/8,R/8], features list)`.
"""
from __future__ import annotations

import torch
import torch.nn as nn
from torch.nn.utils import spectral_norm


class PatchDiscriminator(nn.Module):
    def __init__(self, width: int, spectral: bool = True):
        """spectral=False: plain convolutions, kept in check by the R1 penalty alone (LaMa, StyleGAN2);
        spectral norm bounds each layer's gain, which also bounds how sharply it can tell 1-2 px
        detail (an eye's catchlight, an iris's rim) from smudge."""
        super().__init__()
        sn = spectral_norm if spectral else (lambda m: m)
        chans = [4, width, 2 * width, 4 * width]
        self.blocks = nn.ModuleList(
            nn.Sequential(sn(nn.Conv2d(a, b, 4, 2, 1)), nn.LeakyReLU(0.2)) for a, b in zip(chans, chans[1:])
        )
        self.mid = nn.Sequential(sn(nn.Conv2d(chans[-1], chans[-1], 3, 1, 1)), nn.LeakyReLU(0.2))
        self.out = sn(nn.Conv2d(chans[-1], 1, 3, 1, 1))

    def forward(self, image: torch.Tensor, mask: torch.Tensor):
        x = torch.cat([image, mask], 1)
        feats = []
        for b in self.blocks:
            x = b(x)
            feats.append(x)
        x = self.mid(x)
        feats.append(x)
        return self.out(x), feats
