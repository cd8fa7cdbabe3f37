"""The known pixels mirrored left-right, as extra input channels for stages 2 and 3.

A face is nearly symmetric about the vertical line through its centre, and the app's crop is
centred on the detector's face box (src/lib/faceCrop.ts), as the training faces are centred. When
one eye is painted over, the mirrored known pixels hold the other eye close to where the painted
one was: its iris, its colour and its highlight, which the network had to imagine before and drew
as a grey smudge (issue 10). SymmFCNet (Li et al., "Learning Symmetry Consistent Deep CNNs for
Face Completion", 2018) uses the same prior with a learned warp; here the convolutions that read
the mirrored channels learn how far to trust them (a turned face, a hole on both sides).

The flip is inside the graphs, so the graph contract (DESIGN.md section 2) does not change.
"""
from __future__ import annotations

import torch

MIRROR_CHANNELS = 4   # the mirrored masked image (3) and the mirrored mask (1)


def mirrored(image: torch.Tensor, mask: torch.Tensor) -> list[torch.Tensor]:
    """image [B,3,R,R] (holes 0), mask [B,1,R,R] -> [image flipped, mask flipped] along the width."""
    return [image.flip(3), mask.flip(3)]
