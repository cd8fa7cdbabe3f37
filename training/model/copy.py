"""Copy attention: stage 3 may copy the other side of the face into the hole, found near its mirror image.

Why: a painted-over eye came back as a grey scribble over stage 2's bar (issue 10) through every
loss recipe tried, because a network that only convolves has to draw an iris and its highlight from
nothing. The other eye is usually still in the photo. The mirror convs (model/mirror.py) read it at
exactly the place a mirror about the image's centre puts it, which is seldom where it lands (a turned
face, an off-centre crop), so they barely learned. Here each cell of the hole looks for it: it
compares its decoder features with those of the mirrored photo's cells within `reach` cells of its
own place (contextual attention, Yu et al., "Generative Image Inpainting with Contextual Attention",
2018, restricted to a window as an optical-flow cost volume is) and takes a softmax-weighted mix of
those cells' pixels, which only fully known cells may offer.

Cells are `cell` x `cell` pixels (the R/4 decoder grid, so a window of 4 cells reaches 16 px at
R=128). Similarity is the cosine of a 1x1 projection of the decoder features, summed over 3x3
neighbourhoods (DeepFill's 3x3 patches: neighbours that match with the same offset copy a coherent
piece, not a jumble of cells), times a learned scale. The copied pixels reach the first
full-resolution convolution through `copy_side`, a 3x3 conv that starts at zero, so weights trained
without this module compute exactly what they did (checkpoint.load_new_parts) until training finds
the copy worth taking. A dense attention over every known cell, photo and mirror, was tried first:
it doubled the training step on this CPU; the window costs a few million multiply-adds.

In the graph: Conv, Pad, Slice, Mul, ReduceSum, Concat, Softmax, Reshape, Transpose; the graph
contract (DESIGN.md section 2) does not change.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

FAR = 1e4    # the logit penalty that keeps a candidate cell with any hole in it out of the softmax


def is_copy_param(name: str) -> bool:
    """Whether a generator parameter or state key belongs to the copy attention (modules named copy_*)."""
    return "copy_" in name


def to_cells(img: torch.Tensor, cell: int) -> torch.Tensor:
    """[B,C,R,R] -> [B,C*cell*cell,R/cell,R/cell]: each cell's pixels as channels (space-to-depth)."""
    b, c, h, w = img.shape
    s, t = h // cell, w // cell
    x = img.reshape(-1, c, s, cell, t, cell).permute(0, 1, 3, 5, 2, 4)
    return x.reshape(-1, c * cell * cell, s, t)


def from_cells(x: torch.Tensor, c: int, cell: int) -> torch.Tensor:
    """The inverse of to_cells: [B,C*cell*cell,S,T] -> [B,C,S*cell,T*cell]."""
    s, t = x.shape[-2:]
    x = x.reshape(-1, c, cell, cell, s, t).permute(0, 1, 4, 2, 5, 3)
    return x.reshape(-1, c, s * cell, t * cell)


def neighbourhoods(f: torch.Tensor) -> torch.Tensor:
    """[B,D,S,T] -> [B,9D,S,T]: each position's 3x3 neighbourhood (zeros beyond the border), so a dot
    product of two of them is the sum of the 9 aligned dot products (a 3x3 patch match)."""
    s, t = f.shape[-2:]
    p = F.pad(f, (1, 1, 1, 1))
    return torch.cat([p[:, :, dy:dy + s, dx:dx + t] for dy in range(3) for dx in range(3)], 1)


def shifted(x: torch.Tensor, reach: int) -> list[torch.Tensor]:
    """x [B,C,S,T] seen from every offset (dy, dx) in [-reach, reach]^2, row by row: out[k][..., i, j] =
    x[..., i + dy, j + dx], zeros beyond the border."""
    s, t = x.shape[-2:]
    p = F.pad(x, (reach, reach, reach, reach))
    n = 2 * reach + 1
    return [p[:, :, dy:dy + s, dx:dx + t] for dy in range(n) for dx in range(n)]


class CopyAttention(nn.Module):
    """(decoder features [B,C,S,S], image [B,3,R,R] with holes 0, mask [B,1,R,R]) -> the copied
    image with a fourth channel, how much of it came from known cells (0 where the whole window is
    hole: both eyes painted), [B,4,R,R], and its contribution to the full-resolution conv,
    [B,out_width,R,R] (zero at first), gated per cell by the features."""

    def __init__(self, feat: int, out_width: int, cell: int, dim: int = 8, reach: int = 4, scale: float = 20.0,
                 smooth: int = 7, target_window: int = 15):
        super().__init__()
        self.cell, self.reach = cell, reach         # a cell's size in pixels: fixed, as the graph's R is
        self.smooth, self.target_window = smooth, target_window
        self.copy_key = nn.Conv2d(feat, dim, 1)
        self.copy_scale = nn.Parameter(torch.tensor(float(scale)))
        # a learned preference for each offset from the mirror image (most counterparts are near it)
        self.copy_offset = nn.Parameter(torch.zeros(1, (2 * reach + 1) ** 2, 1, 1))
        self.copy_side = nn.Conv2d(4, out_width, 3, padding=1, bias=False)
        nn.init.zeros_(self.copy_side.weight)
        # where to take the copy at all, from the same features: a painted eye is worth the other
        # eye, while in most holes a mirrored copy is off by a few pixels and the pixel losses
        # rightly turn it down (model/mirror.py's measurement); one shared conv could only do both by
        # taking a blur of it everywhere
        self.copy_gate = nn.Conv2d(feat, 1, 3, padding=1)
        nn.init.zeros_(self.copy_gate.weight)
        nn.init.zeros_(self.copy_gate.bias)
        self.last_match: tuple | None = None

    def copied(self, feats: torch.Tensor, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        cell = self.cell
        f = F.normalize(self.copy_key(feats), dim=1)
        q = neighbourhoods(f) / 9.0                                   # a dot of two: the cosine of 3x3 patches
        keys = shifted(neighbourhoods(f.flip(3)) / 9.0, self.reach)   # the mirrored photo's cells near each cell
        known = torch.cat(shifted((1 - F.max_pool2d(mask, cell)).flip(3), self.reach), 1)   # [B,n,S,S]: 1 where all known
        values = shifted(to_cells(image.flip(3), cell), self.reach)
        logits = torch.cat([(q * k).sum(1, keepdim=True) for k in keys], 1)   # [B,n,S,S]
        # each offset's similarity averaged over `smooth` x `smooth` cells: a region moves as one piece
        logits = F.avg_pool2d(logits, self.smooth, 1, self.smooth // 2, count_include_pad=False)
        logits = self.copy_scale * logits + self.copy_offset + (known - 1) * FAR
        weights = torch.softmax(logits, 1)
        pixels = from_cells(sum(weights[:, i:i + 1] * v for i, v in enumerate(values)), 3, cell)
        found = F.interpolate((weights * known).sum(1, keepdim=True), scale_factor=float(cell), mode="nearest")
        self.last_match = (logits, known) if self.training else None   # for match_loss
        return torch.cat([pixels, found], 1)

    def match_loss(self, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Cross-entropy of the last training forward's attention against, for each hole cell, the
        known offset that best carries the truth's hole region near it (see below). It
        teaches the attention where a painted part's counterpart is, before stage 3 uses the copy at
        all (the side conv starts at zero, so nothing else reaches the key). A hard target, not an L1
        of the copied pixels: the L1 is lowest for a blend of candidates, a blur, when the other eye
        is not exactly this one (model/mirror.py's measurement); the copy is meant to be an eye."""
        logits, known = self.last_match
        with torch.no_grad():
            # compared as 3x3 neighbourhoods of cells at half resolution, all from the truth, and
            # summed over the hole cells within `target_window` cells: one offset for a painted eye,
            # the other eye's; a target per cell picks the nearest-looking cell of any kind (a jumble,
            # training/JOURNAL.md, 2026-12-05)
            half = lambda t: neighbourhoods(to_cells(F.avg_pool2d(t, 2), self.cell // 2))
            truth = half(target)
            dist = torch.cat([(v - truth).abs().mean(1, keepdim=True) for v in shifted(half(target.flip(3)), self.reach)], 1)
            hole = F.max_pool2d(mask, self.cell)
            w, pad = self.target_window, self.target_window // 2
            votes = hole * known
            region = F.avg_pool2d(dist * votes, w, 1, pad) / (F.avg_pool2d(votes, w, 1, pad) + 1e-6)
            best = (region + (1 - known) * FAR).argmin(1)                  # [B,S,S]
            cells = hole[:, 0] * (known.amax(1) > 0)                       # hole cells with a candidate
        ce = F.cross_entropy(logits, best, reduction="none")
        return (ce * cells).sum() / (cells.sum() + 1e-6)

    def forward(self, feats: torch.Tensor, image: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        c = self.copied(feats, image, mask)
        gate = F.interpolate(torch.sigmoid(self.copy_gate(feats)), scale_factor=float(self.cell), mode="nearest")
        return c, self.copy_side(c) * gate
