"""Stage 3, the refinement network: a modified U-Net with two encoders and one decoder.

- Encoder A reads what is known: the masked input and the mask (identity).
- Encoder B reads what was imagined: the stage-2 composite and the mask (structure).
- Their deepest features (R/8) are fused and passed through dilated residual blocks, whose
  receptive field covers the whole image (large context for large holes).
- With `mirror`, encoder A and the full-resolution convs also read the known pixels mirrored
  left-right (model/mirror.py).
- With `copy`, the mirrored photo registered to the hole (model/copy.py) reaches the first
  full-resolution conv, gated by the first decoder level's features.
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

from .copy import MirrorCopy
from .layers import Blur, ChromaBlur, ConvAct, act, up2
from .mirror import MirrorConv, mirrored, with_side


class Encoder(nn.Module):
    """[B,4,R,R] -> skips [B,w0,R/2,R/2], [B,w1,R/4,R/4], ... and the deepest [B,wN,R/2^N,...].
    `side` [B,w0,R/2,R/2], when given, is added to the first convolution before its activation."""

    def __init__(self, widths: list[int]):
        super().__init__()
        blocks, c = [], 4
        for i, w in enumerate(widths):
            last = i == len(widths) - 1
            blocks.append(ConvAct(c, w, stride=2) if last else nn.Sequential(ConvAct(c, w, stride=2), ConvAct(w, w)))
            c = w
        self.blocks = nn.ModuleList(blocks)

    def forward(self, x: torch.Tensor, side: torch.Tensor | None = None) -> list[torch.Tensor]:
        feats = []
        for i, b in enumerate(self.blocks):
            if i == 0 and side is not None:
                first = b if isinstance(b, ConvAct) else b[0]
                x = with_side(first, x, side)
                x = x if isinstance(b, ConvAct) else b[1:](x)
            else:
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
    did not), and the upsampling drew that as blocks. Level 1 (R/2) got one too at step 76,199: with
    the sharpness push it drew a checkerboard of 4-px cells at the peer demo's hair edge.
    `chroma_blur`: the fill's colour low-passed in the hole, its luma kept (layers.ChromaBlur)."""

    def __init__(self, widths: list[int], out_width: int, dilations: list[int], blur: list[int] = (),
                 mirror: bool = False, copy: bool = False, copy_relight: bool = False,
                 copy_gate_trunk: int = 0, chroma_blur: bool = False, copy_shut_painted: bool = False,
                 copy_shut_large: bool = False):
        super().__init__()
        self.enc_known = Encoder(widths)
        # the mirrored known pixels (model/mirror.py): into encoder A's first conv and the first full-resolution conv
        self.mirror_known = MirrorConv(widths[0], stride=2) if mirror else None
        self.mirror_full = MirrorConv(out_width) if mirror else None
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
        self.full = nn.Sequential(ConvAct(c + 7, out_width), ConvAct(out_width, out_width))
        # the mirror copy (model/copy.py) on the first decoder level's grid (R/4), into the first full-resolution conv
        self.copy_attn = (MirrorCopy(widths[-2], out_width, cell=2 ** (len(widths) - 1), relight=copy_relight,
                                      trunk=copy_gate_trunk, shut_painted=copy_shut_painted,
                                      shut_large=copy_shut_large)
                          if copy else None)
        self.out = nn.Conv2d(out_width, 3, 1)
        self.chroma_blur = ChromaBlur() if chroma_blur else None     # no weights: loads as it is
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)   # starts as the identity on structure_composite

    def forward(self, image: torch.Tensor, mask: torch.Tensor, structure_composite: torch.Tensor) -> torch.Tensor:
        flipped = mirrored(image, mask) if self.mirror_known is not None else None   # once, for both convs
        known = self.enc_known(torch.cat([image, mask], 1), self.mirror_known(flipped) if flipped is not None else None)
        imagined = self.enc_imagined(torch.cat([structure_composite, mask], 1))
        x = self.context(self.fuse(torch.cat([known[-1], imagined[-1]], 1)))
        sides, copied, gate = [], None, None
        for i, (fuse, conv, blur) in enumerate(zip(self.up_fuse, self.up_conv, self.up_blur)):
            level = len(known) - 2 - i
            x = blur(conv(fuse(torch.cat([up2(x), known[level], imagined[level]], 1))))
            if i == 0 and self.copy_attn is not None:
                copied, side, gate = self.copy_attn(x, image, mask, structure_composite)
                sides.append(side)
        if flipped is not None:
            sides.append(self.mirror_full(flipped))
        x = with_side(self.full[0], torch.cat([up2(x), image, mask, structure_composite], 1),
                      sum(sides) if sides else None)
        x = self.full[1](x)
        out = structure_composite + self.out(x)
        if self.chroma_blur is not None:    # in the hole: known pixels are the photo's in the composite anyway
            out = out + mask * (self.chroma_blur(out) - out)
        if copied is not None:              # the copy blended in, in the hole only
            out = out + gate * mask * (copied[:, :3] - out)
        return torch.clamp(out, -1.0, 1.0)
