"""Stage 3, the refinement network: a modified U-Net with two encoders and one decoder.

- Encoder A reads what is known: the masked input and the mask (identity).
- Encoder B reads what was imagined: the stage-2 composite and the mask (structure).
- Their deepest features (R/8) are fused and passed through dilated residual blocks, whose
  receptive field covers the whole image (large context for large holes).
- With `mirror`, encoder A and the full-resolution convs also read the known pixels mirrored
  left-right (model/mirror.py).
- One decoder upsamples back to R with skip connections from both encoders, and at full
  resolution sees the raw inputs again; it predicts a residual over the stage-2 composite.

Full-resolution work is kept to two convolutions: on a CPU the cost of a network follows
its channels at full resolution, not its parameter count.

`Refine(image, mask, structure_composite) -> output`: [B,3,R,R], [B,1,R,R], [B,3,R,R]
-> [B,3,R,R] in [-1,1].
"""
from __future__ import annotations

import torch
import torch.nn as nn

from .layers import Blur, ConvAct, act, up2
from .mirror import MIRROR_CHANNELS, mirrored


class Encoder(nn.Module):
    """[B,cin,R,R] -> skips [B,w0,R/2,R/2], [B,w1,R/4,R/4], ... and the deepest [B,wN,R/2^N,...]."""

    def __init__(self, widths: list[int], cin: int = 4):
        super().__init__()
        blocks, c = [], cin
        for i, w in enumerate(widths):
            last = i == len(widths) - 1
            blocks.append(ConvAct(c, w, stride=2) if last else nn.Sequential(ConvAct(c, w, stride=2), ConvAct(w, w)))
            c = w
        self.blocks = nn.ModuleList(blocks)

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        feats = []
        for b in self.blocks:
            x = b(x)
            feats.append(x)
        return feats


class DilatedBlock(nn.Module):
    """Residual block: dilated 3x3 conv, LeakyReLU, 3x3 conv. [B,C,S,S] -> same."""

    def __init__(self, c: int, dilation: int):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=dilation, dilation=dilation)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return act(x + self.conv2(act(self.conv1(x))))


class Refine(nn.Module):
    """`blur`: decoder levels (0 = the first, at R/4) followed by a fixed low-pass (layers.Blur).
    Without it, large holes came back with a lattice of 8-px cells: level 0 alternated cell by
    cell there (blurring its output at inference removed the lattice; blurring any deeper feature
    did not), and the upsampling drew that as blocks."""

    def __init__(self, widths: list[int], out_width: int, dilations: list[int], blur: list[int] = (),
                 mirror: bool = False):
        super().__init__()
        self.mirror = mirror
        extra = MIRROR_CHANNELS if mirror else 0
        self.enc_known = Encoder(widths, 4 + extra)
        self.enc_imagined = Encoder(widths)
        deep = widths[-1]
        self.fuse = ConvAct(2 * deep, deep, k=1)
        self.context = nn.Sequential(*[DilatedBlock(deep, d) for d in dilations])
        # decoder: at each level, 1x1 fuse of (upsampled, skip A, skip B), then a 3x3 conv
        self.up_fuse = nn.ModuleList()
        self.up_conv = nn.ModuleList()
        self.up_blur = nn.ModuleList()   # no weights: checkpoints without it load as they are
        c = deep
        for i, w in enumerate(reversed(widths[:-1])):
            self.up_fuse.append(ConvAct(c + 2 * w, w, k=1))
            self.up_conv.append(ConvAct(w, w))
            self.up_blur.append(Blur(w) if i in blur else nn.Identity())
            c = w
        self.full = nn.Sequential(ConvAct(c + 7 + extra, out_width), ConvAct(out_width, out_width))
        self.out = nn.Conv2d(out_width, 3, 1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)   # starts as the identity on structure_composite

    def forward(self, image: torch.Tensor, mask: torch.Tensor, structure_composite: torch.Tensor) -> torch.Tensor:
        mirror = mirrored(image, mask) if self.mirror else []
        known = self.enc_known(torch.cat([image, mask] + mirror, 1))
        imagined = self.enc_imagined(torch.cat([structure_composite, mask], 1))
        x = self.context(self.fuse(torch.cat([known[-1], imagined[-1]], 1)))
        for i, (fuse, conv, blur) in enumerate(zip(self.up_fuse, self.up_conv, self.up_blur)):
            level = len(known) - 2 - i
            x = blur(conv(fuse(torch.cat([up2(x), known[level], imagined[level]], 1))))
        x = self.full(torch.cat([up2(x), image, mask, structure_composite] + mirror, 1))
        return torch.clamp(structure_composite + self.out(x), -1.0, 1.0)
