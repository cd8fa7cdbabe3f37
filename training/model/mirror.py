"""The known pixels mirrored left-right, read by stages 2 and 3 through their own convolutions.

A face is nearly symmetric about the vertical line through its centre, and the app's crop is
centred on the detector's face box (src/lib/faceCrop.ts), as the training faces are centred. When
one eye is painted over, the mirrored known pixels hold the other eye close to where the painted
one was: its iris, its colour and its highlight, which the network had to imagine before and drew
as a grey smudge (issue 10). SymmFCNet (Li et al., "Learning Symmetry Consistent Deep CNNs for
Face Completion", 2018) uses the same prior with a learned warp; here the convolutions that read
the mirrored channels learn how far to trust them (a turned face, a hole on both sides).

`MirrorConv` is the part of a stage's first convolution that reads the mirrored channels, kept as
its own module (a convolution is linear in its input channels, so conv([a, b]) = conv_a(a) +
conv_b(b)): it starts at zero, so weights trained without it compute exactly what they did, and
it gets its own learning rate (train.mirror_lr_mult). In the graph it is one more Conv and an Add;
the flip is inside the graphs, so the graph contract (DESIGN.md section 2) does not change.
"""
from __future__ import annotations

import torch
import torch.nn as nn

MIRROR_CHANNELS = 4   # the mirrored masked image (3) and the mirrored mask (1)


def is_mirror_param(name: str) -> bool:
    """Whether a generator parameter or state key belongs to a mirror conv (their modules are named mirror_*)."""
    return "mirror_" in name


def mirrored(image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """image [B,3,R,R] (holes 0), mask [B,1,R,R] -> [B,4,R,R]: both flipped along the width."""
    return torch.cat([image, mask], 1).flip(3)


class MirrorConv(nn.Module):
    """mirrored(image, mask) [B,4,R,R] -> [B,cout,R/stride,R/stride]: a 3x3 conv of the mirrored
    pair, to add to a stage's first convolution before its activation. Zero at the start."""

    def __init__(self, cout: int, stride: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(MIRROR_CHANNELS, cout, 3, stride, padding=1, bias=False)
        nn.init.zeros_(self.conv.weight)

    def forward(self, flipped: torch.Tensor) -> torch.Tensor:
        return self.conv(flipped)


def with_side(block: nn.Sequential, x: torch.Tensor, side: torch.Tensor | None) -> torch.Tensor:
    """A ConvAct (conv, activation) on x, with `side` added between the two when given."""
    h = block[0](x)
    return block[1](h if side is None else h + side)
