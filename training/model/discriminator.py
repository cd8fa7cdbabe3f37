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
    def __init__(self, width: int):
        super().__init__()
        chans = [4, width, 2 * width, 4 * width]
        self.blocks = nn.ModuleList(
            nn.Sequential(spectral_norm(nn.Conv2d(a, b, 4, 2, 1)), nn.LeakyReLU(0.2)) for a, b in zip(chans, chans[1:])
        )
        self.mid = nn.Sequential(spectral_norm(nn.Conv2d(chans[-1], chans[-1], 3, 1, 1)), nn.LeakyReLU(0.2))
        self.out = spectral_norm(nn.Conv2d(chans[-1], 1, 3, 1, 1))

    def forward(self, image: torch.Tensor, mask: torch.Tensor):
        x = torch.cat([image, mask], 1)
        feats = []
        for b in self.blocks:
            x = b(x)
            feats.append(x)
        x = self.mid(x)
        feats.append(x)
        return self.out(x), feats
