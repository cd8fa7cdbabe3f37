"""The mirror copy: stage 3 may take the other side of the face, registered, into the hole.

Why: a painted-over eye came back as a grey scribble over stage 2's bar (issue 10) through every
loss recipe tried, because a network that only convolves has to draw an iris and its highlight from
nothing. The other eye is usually still in the photo. The mirror convs (model/mirror.py) read it at
exactly the place a mirror about the image's centre puts it, which is seldom where it lands (a
turned face, an off-centre crop): there it is off by a few pixels, so the pixel losses turned it
down and it barely learned.

Here the mirrored photo is registered to the hole first. The image is cut in cells of `cell` x
`cell` pixels (the R/4 grid). For every offset within `reach` cells of the mirror image (3 up or
down, 8 sideways: a face off the crop's centre puts the other eye well away from the mirror
image), each hole cell's 3x3 neighbourhood of what stage 2 put there (the structure composite: a
dark bar where the eye goes) is correlated with the mirrored photo's at that offset, on high-pass
luma (edges, not brightness), and normalised over the hole cells within `window` cells, so a
painted eye chooses one offset as a whole and comes back as one piece, the other eye, not a
jumble of the nearest-looking cells. (An L1 distance chose smooth skin over an eye a few pixels
off, even when registered against the truth: from stage 2's fill the copy held an eye on about 11
of 20 one-eye faces, with the correlation on about 17; training/JOURNAL.md 2026-12-05.) Only cells the photo
fully knows may be taken. A softmax at a fixed sharpness `beta` makes the choice (nearly hard: a
soft mix of offsets is a blur again) and the chosen cells' pixels are the copy, inside the hole
(the guide outside). Nothing in the choice is learned: an attention that had to learn it from the
decoder's features was tried first and after 1,300 steps on this CPU still copied a blur.

What is learned is whether to take it: `copy_gate`, a sigmoid from the first decoder level's
features (read detached: the gate trains only itself) and the copy's evidence (how well the chosen
offset correlated, and whether the cell's mirror image is painted too). A painted eye is worth the
other eye; in most holes a mirrored copy is off and the losses rightly turn it down. The gate
blends the copy (with `relight`, first shifted to the light around the hole: `relit`) straight
into stage 3's output (output = stage 3's own + gate x (copy - stage 3's own), in the hole), and
scales `copy_side`, a 3x3 conv from the copy (RGB and the share of it that came from known cells)
into stage 3's first full-resolution convolution, with which stage 3 can fit its own fill to the
copy. The gate starts closed and the side conv at zero, so weights trained without this module
compute what they did (checkpoint.load_new_parts); training.copy_start opens the gate halfway for
a run. (A copy that entered through the side conv alone, started as the structure composite's
weights, barely showed at 1x and tinted the hole blue at 2-4x: stage 3's output is the structure
composite plus a residual, so that is where a copy shows.)

In the graph: MaxPool, AveragePool, Pad, Gather, MatMul, Sub, Abs, ReduceMean, Softmax, Mul, Add, Div,
Reshape, Transpose, Conv, Sigmoid, Resize, Clip; the graph contract (DESIGN.md section 2) does not change.
"""
from __future__ import annotations

import functools

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import luma

FAR = 1e4    # what keeps a candidate cell with any hole in it out of the softmax


def is_copy_param(name: str) -> bool:
    """Whether a generator parameter or state key belongs to the mirror copy (modules named copy_*)."""
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


def stack_index(s: int, t: int, reach: tuple[int, int], device: torch.device | str = "cpu") -> torch.Tensor:
    """shift_stack's Gather index for an S x T map: [S*T*n] int32 positions in the flattened map, S*T
    (one zero appended after it) where the offset falls beyond the border; on `device` (the maps')."""
    return _stack_index(int(s), int(t), tuple(reach)).to(device)


@functools.lru_cache(maxsize=8)
def _stack_index(s: int, t: int, reach: tuple[int, int]) -> torch.Tensor:
    # numpy, from plain ints: a constant the exporter stores once (as torch ops it kept the int64
    # intermediates and a Where in the graph, 2 MB); built once per size, not at every training step
    ry, rx = reach
    dy = np.repeat(np.arange(-ry, ry + 1), 2 * rx + 1)                        # [n], offsets row by row
    dx = np.tile(np.arange(-rx, rx + 1), 2 * ry + 1)
    i = np.arange(s)[:, None, None] + dy[None, None, :]                       # [S,1,n]
    j = np.arange(t)[None, :, None] + dx[None, None, :]                       # [1,T,n]
    inside = (i >= 0) & (i < s) & (j >= 0) & (j < t)
    return torch.from_numpy(np.where(inside, i * t + j, s * t).reshape(-1).astype(np.int32))


def shift_stack(x: torch.Tensor, reach: tuple[int, int], index: torch.Tensor | None = None) -> torch.Tensor:
    """x [B,C,S,T] -> [B,S,T,n,C]: for every position the map seen from every offset (dy, dx) in
    [-ry, ry] x [-rx, rx] (reach = (ry, rx)), offsets row by row, zeros beyond the border, channels
    last: out[:, i, j, k] = x[:, :, i + dy_k, j + dx_k]. One Gather of whole channel vectors over the
    map's positions (and a zero vector for those beyond the border), laid out for a batched MatMul
    over the offsets. Why: the list (a Pad and a Slice per offset, per tensor) made the refine graph
    6,857 nodes and stage 3 220 ms on onnxruntime-node (20 ms without the copy); a Gather along a
    spatial axis copies one float at a time (110 ms), and a sum over the offsets' axis in the middle
    of a tensor took 26 ms of what was left. `index`: stack_index's, computed once for several maps of one size (one
    constant in the graph, not one per map)."""
    b, c, s, t = x.shape
    if index is None:
        index = stack_index(s, t, reach, x.device)
    flat = x.reshape(b, c, s * t).transpose(1, 2)                             # [B,S*T,C]
    flat = torch.cat([flat, torch.zeros_like(flat[:, :1])], 1)                # the zero beyond the border
    n = (2 * reach[0] + 1) * (2 * reach[1] + 1)
    return torch.index_select(flat, 1, index).reshape(b, s, t, n, c)


def offsets_first(x: torch.Tensor) -> torch.Tensor:
    """[B,S,T,n,1] -> [B,n,S,T]."""
    return x[..., 0].permute(0, 3, 1, 2)


def box3(x: torch.Tensor) -> torch.Tensor:
    """The sum over each position's 3x3 neighbourhood on the last two axes, zeros beyond the border."""
    return F.avg_pool2d(x, 3, 1, 1, count_include_pad=True) * 9.0


def high_pass(img: torch.Tensor, k: int = 7) -> torch.Tensor:
    """[B,3,H,W] -> [B,1,H,W]: luma (BT.601) less its k x k local mean: the edges an eye is made of,
    not its brightness (a copy is registered by where its lids and iris are)."""
    y = luma(img)
    return y - F.avg_pool2d(y, k, 1, k // 2, count_include_pad=False)


def relit(pixels: torch.Tensor, image: torch.Tensor, mask: torch.Tensor, rim: int = 1,
          spread: int = 21) -> torch.Tensor:
    """pixels [B,3,R,R] (the registered mirrored photo, around the hole too) -> the same, shifted in
    brightness and colour to the light on this side: the difference photo - copy on the known pixels
    within `rim` px of the hole, spread smoothly into the hole by normalised convolution (two box
    filters of `spread` px), a cheap stand-in for a Poisson blend (whose membrane it approximates).
    Why: the other side of a face is seldom lit as this side is, and the copied eye came back inside
    a lighter or darker ring. On 30 one-eye faces (step 73,788, training.probes.copy_seam) the luma
    gradient across the hole's edge, over the real photo's there, went from 2.57 to 1.25 and the
    hole's error from 36.0 to 27.0 grey levels; a 6 px rim took in hair and background on turned
    faces, and weighting the rim by how alike the two sides are kept the rings (training/JOURNAL.md
    2026-12-05)."""
    ring = F.max_pool2d(mask, 2 * rim + 1, 1, rim) * (1 - mask)
    box = lambda t: F.avg_pool2d(t, spread, 1, spread // 2, count_include_pad=False)
    smooth = lambda t: box(box(t))
    return pixels + smooth(ring * (image - pixels)) / (smooth(ring) + 1e-4)


def mirror_copy(image: torch.Tensor, mask: torch.Tensor, guide: torch.Tensor, cell: int,
                reach: int | tuple[int, int] = (3, 8), window: int = 15,
                beta: float = 200.0, relight: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """image [B,3,R,R] (holes 0), mask [B,1,R,R] (1 = hole), guide [B,3,R,R] (what the hole holds so
    far: the structure composite) -> [B,4,R,R]: the registered mirrored photo in the hole (the guide
    outside it) and the share of it taken from known cells (0 where no offset reaches one, and outside);
    and the evidence for it on the cell grid [B,2,S,S]: the chosen offset's score, and whether the
    mirror image of the cell is painted too (both eyes painted: what is found is not the other eye).
    Each offset is scored by the normalised correlation of the guide's and the mirrored photo's
    high-pass luma (3x3 neighbourhoods of cells) over the hole cells within `window` cells."""
    ry, rx = (reach, reach) if isinstance(reach, int) else reach
    idx = stack_index(mask.shape[-2] // cell, mask.shape[-1] // cell, (ry, rx), mask.device)
    # The correlation of 3x3 neighbourhoods of cells is the 3x3 sum of the cells' own dot products:
    # sum_o here(p+o).there(p+o+d). (Where the candidate cell p+d itself is off the grid this counts
    # neighbours a neighbourhood vector would have zeroed, but there `known` is 0 and the vote drops it.)
    here = to_cells(high_pass(guide), cell)                                   # [B,cell*cell,S,S]
    mirrored = image.flip(3)
    there = to_cells(high_pass(mirrored), cell)
    dots = box3(offsets_first(shift_stack(there, (ry, rx), idx) @ here.permute(0, 2, 3, 1).unsqueeze(-1)))   # [B,n,S,S]
    energy = offsets_first(shift_stack(box3((there * there).sum(1, keepdim=True)), (ry, rx), idx))        # [B,n,S,S]
    hole = F.max_pool2d(mask, cell)                                            # [B,1,S,S]: cells with any hole
    known = offsets_first(shift_stack((1 - hole).flip(3), (ry, rx), idx))          # [B,n,S,S]: candidate fully known
    votes = hole * known
    region = lambda t: F.avg_pool2d(t, window, 1, window // 2)
    own = region(box3((here * here).sum(1, keepdim=True)) * hole)
    # a candidate whose cells are not all known correlates over fewer of them and scores lower
    score = region(dots * votes) / (torch.sqrt(own * region(energy * votes)) + 1e-6)
    # the choice is not learned (stage 2 is trained by its own loss), and the normalisation's
    # gradient where a candidate has no energy is huge: none flows through it
    score = score.detach()
    weights = torch.softmax(beta * score + (known - 1) * FAR, 1)
    values = shift_stack(to_cells(mirrored, cell), (ry, rx), idx)                  # [B,S,S,n,3*cell*cell]
    chosen = weights.permute(0, 2, 3, 1).unsqueeze(-2) @ values               # [B,S,S,1,3*cell*cell]
    pixels = from_cells(chosen[..., 0, :].permute(0, 3, 1, 2), 3, cell)
    if relight:
        pixels = relit(pixels, image, mask)
    found = F.interpolate((weights * known).sum(1, keepdim=True), scale_factor=float(cell), mode="nearest")
    # outside the hole the guide itself (the photo there): a copy that stopped at the hole's edge
    # drew the edge as a ring through the side conv
    # third: the share of candidate offsets that hold a hole (both eyes painted: the mirror image of
    # this one is painted, nearby or not, so many do), which only the gate's trunk reads
    painted = offsets_first(shift_stack(hole.flip(3), (ry, rx), idx)).mean(1, keepdim=True)
    evidence = torch.cat([(weights * score).sum(1, keepdim=True) * hole, hole.flip(3) * hole, painted * hole], 1)
    return torch.cat([pixels * mask + guide * (1 - mask), found * mask], 1), evidence


CLOSED = -20.0   # the gate's bias where nothing is taken: sigmoid(-20) = 2e-9

# The rules (copy_allowed), each a ramp from open to shut over a share measured per hole cell:
# - painted: the share of the hole cells within a 5-cell region (20 px at R=128) whose exact mirror
#   image (about the crop's centre) is painted too. 0 over one painted eye of 30 evaluation faces,
#   0.7-1 over both; a second eye painted 8 px off the mirror image leaves it 0.2 open (the learned
#   gate decides the rest). A single eye painted 1.5x its box on a CelebA framing, whose eyes sit
#   near the centre, crosses its own mirror image by the nose: 0.8 open there on average.
# - large: the share of hole cells in the 21-cell square around the cell (84 px at R=128, about two
#   thirds of a face's width). A single eye painted 0.8-1.5x its box reads 0.11-0.30; the peer demo's
#   hole (half a face, glasses and an eye) 0.25-0.97, median 0.55, in the app's face crop.
# (training/JOURNAL.md 2026-12-05, sixth session)
PAINTED_RAMP, PAINTED_WINDOW = (0.4, 0.7), 5
LARGE_RAMP, LARGE_WINDOW = (0.3, 0.45), 21


def ramp(share: torch.Tensor, bounds: tuple[float, float]) -> torch.Tensor:
    """1 at or below bounds[0], 0 at or above bounds[1], linear between."""
    return torch.clamp((bounds[1] - share) / (bounds[1] - bounds[0]), 0.0, 1.0)


def copy_allowed(mask: torch.Tensor, cell: int, painted: bool, large: bool) -> torch.Tensor:
    """mask [B,1,R,R] (1 = hole) -> [B,1,S,S] in [0, 1]: where the copy may be taken at all, by fixed
    rules on the hole's shape (the shares above), multiplied into the learned gate.
    Why rules: the copy is made for a painted eye whose other eye is in the photo. With both eyes
    painted it can only find cheek or brow (it takes known cells only), and the learned gate, trained
    to shut there, stood 0.28-0.41 open after 1,700 steps of its own trunk, drawing a ghost of skin
    over eyes stage 3 drew well. Over a hole of half a face the registration picks a different
    offset in each window, a jumble of strips, and the gate, seeing an eye's place, opened to 0.8-1
    there: orange patches across the peer demo's glasses in the app's face crop."""
    hole = F.max_pool2d(mask, cell)                                            # [B,1,S,S]: cells with any hole
    allowed = torch.ones_like(hole)
    if painted:
        region = lambda t: F.avg_pool2d(t, PAINTED_WINDOW, 1, PAINTED_WINDOW // 2, count_include_pad=False)
        allowed = allowed * ramp(region(hole.flip(3) * hole) / (region(hole) + 1e-6), PAINTED_RAMP)
    if large:
        allowed = allowed * ramp(F.avg_pool2d(hole, LARGE_WINDOW, 1, LARGE_WINDOW // 2), LARGE_RAMP)
    return allowed


class MirrorCopy(nn.Module):
    """(decoder features [B,C,S,S], image, mask, structure composite [B,3,R,R]) -> the copy [B,4,R,R]
    (mirror_copy), its gated contribution to the full-resolution conv [B,out_width,R,R], and the
    gate [B,1,R,R], with which stage 3 also blends the copy straight into its output (model/refine.py).
    The gate starts closed (CLOSED), so weights trained without this module compute what they did;
    training.copy_start opens it."""

    def __init__(self, feat: int, out_width: int, cell: int, reach: tuple[int, int] = (3, 8), window: int = 15,
                 beta: float = 200.0, relight: bool = False, trunk: int = 0, shut_painted: bool = False,
                 shut_large: bool = False):
        super().__init__()
        self.cell, self.reach, self.window, self.beta = cell, reach, window, beta   # fixed, as the graph's R is
        self.relight = relight
        self.shut_painted, self.shut_large = shut_painted, shut_large   # rules, no weights: load either way
        self.copy_side = nn.Conv2d(4, out_width, 3, padding=1, bias=False)
        nn.init.zeros_(self.copy_side.weight)
        self.copy_gate = nn.Conv2d(feat + 2, 1, 3, padding=1)      # the features and the copy's evidence
        nn.init.zeros_(self.copy_gate.weight)
        nn.init.constant_(self.copy_gate.bias, CLOSED)
        # `trunk` > 0: three more convs (one dilated: 9 cells, 36 px at R=128, about the eyes' spacing)
        # over the same and all three evidence channels, added to the gate's logit. Why: one linear
        # 3x3 conv could not tell one painted eye from two with its features detached: over both
        # eyes it drifted from 0.09 to 0.31 open (JOURNAL 2026-12-05). The last conv starts at zero,
        # so weights without the trunk compute what they did (checkpoint.load_new_parts).
        self.copy_gate_trunk = nn.Sequential(
            nn.Conv2d(feat + 3, trunk, 3, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(trunk, trunk, 3, padding=2, dilation=2), nn.LeakyReLU(0.2),
            nn.Conv2d(trunk, 1, 3, padding=1)) if trunk else None
        if trunk:
            nn.init.zeros_(self.copy_gate_trunk[-1].weight)
            nn.init.zeros_(self.copy_gate_trunk[-1].bias)

    def forward(self, feats: torch.Tensor, image: torch.Tensor, mask: torch.Tensor,
                guide: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        c, evidence = mirror_copy(image, mask, guide, self.cell, self.reach, self.window, self.beta, self.relight)
        # the gate reads the features but trains only itself: with the teach's gradient (train.copy_teach_loss)
        # flowing into the decoder, stage 3 with the gate shut lost 0.7 dB on ordinary holes (JOURNAL 2026-12-05)
        feats = feats.detach()
        logit = self.copy_gate(torch.cat([feats, evidence[:, :2]], 1))
        if self.copy_gate_trunk is not None:
            logit = logit + self.copy_gate_trunk(torch.cat([feats, evidence], 1))
        gate = torch.sigmoid(logit)
        if self.shut_painted or self.shut_large:
            gate = gate * copy_allowed(mask, self.cell, self.shut_painted, self.shut_large)
        gate = F.interpolate(gate, scale_factor=float(self.cell), mode="bilinear", align_corners=False)
        return c, self.copy_side(c) * gate, gate

    def allowed(self, mask: torch.Tensor) -> torch.Tensor:
        """[B,1,R,R]: where the rules let the gate open (copy_allowed, upsampled as the gate is); 1 without rules."""
        if not (self.shut_painted or self.shut_large):
            return torch.ones_like(mask)
        return F.interpolate(copy_allowed(mask, self.cell, self.shut_painted, self.shut_large),
                             scale_factor=float(self.cell), mode="bilinear", align_corners=False)
