"""Stage 2, the shallow structure network: full resolution, small receptive field.

A few 3x3 convolutions with no downsampling refine local structure and edges of the
stage-1 composite; the receptive field is 2*depth+1 pixels, so it can only fix what is
near, which is its job (the large-context work is stage 3's).

`Structure(image, mask, prior_composite) -> structure`: image [B,3,R,R] (holes 0),
mask [B,1,R,R], prior_composite [B,3,R,R] -> [B,3,R,R] in [-1,1], predicted as a residual
over prior_composite.
"""
from __future__ import annotations

import torch
import torch.nn as nn

from .layers import ConvAct
from .mirror import MirrorConv, mirrored, with_side


class Structure(nn.Module):
    def __init__(self, width: int, depth: int, mirror: bool = False):
        super().__init__()
        layers = [ConvAct(7, width)] + [ConvAct(width, width) for _ in range(depth - 2)]
        self.body = nn.Sequential(*layers)
        self.mirror_in = MirrorConv(width) if mirror else None   # model/mirror.py
        self.out = nn.Conv2d(width, 3, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)   # starts as the identity on prior_composite

    def forward(self, image: torch.Tensor, mask: torch.Tensor, prior_composite: torch.Tensor) -> torch.Tensor:
        side = self.mirror_in(mirrored(image, mask)) if self.mirror_in is not None else None
        x = with_side(self.body[0], torch.cat([image, mask, prior_composite], 1), side)
        x = self.body[1:](x)
        return torch.clamp(prior_composite + self.out(x), -1.0, 1.0)
