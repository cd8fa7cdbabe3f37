"""Procedural training masks: free-form strokes, boxes and large irregular regions.

NVIDIA's irregular masks are for evaluation only (../shared/data/README.md), so training
holes are drawn here: DeepFill v2 free-form brush strokes, boxes, and LaMa-style large
thick strokes. Each mask first draws a target hole ratio uniformly from [min_hole, max_hole]
and adds shapes until the ratio is reached, so the ratios spread evenly over that range.

Masks are uint8 [R, R], 1 = hole. A bank is generated once (bit-packed in the cache) and
each draw applies one of the 8 flips/rotations, so generation costs no training time.
"""
from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np


def _stroke(m: np.ndarray, rng: np.random.Generator, width_range: tuple[float, float]) -> None:
    """One DeepFill v2 brush stroke: a random walk of thick line segments with round joints."""
    r = m.shape[0]
    x, y = rng.integers(0, r, size=2)
    width = max(1, int(rng.uniform(*width_range) * r))
    for _ in range(rng.integers(2, 8)):
        angle = rng.uniform(0, 2 * math.pi)
        length = rng.uniform(0.08, 0.35) * r
        nx = int(np.clip(x + length * math.cos(angle), 0, r - 1))
        ny = int(np.clip(y + length * math.sin(angle), 0, r - 1))
        cv2.line(m, (int(x), int(y)), (nx, ny), 1, width)
        cv2.circle(m, (nx, ny), width // 2, 1, -1)
        x, y = nx, ny


def _box(m: np.ndarray, rng: np.random.Generator, max_side: float) -> None:
    r = m.shape[0]
    w, h = (rng.uniform(0.1, max_side, size=2) * r).astype(int) + 1
    x, y = rng.integers(0, r - w + 1), rng.integers(0, r - h + 1)
    m[y:y + h, x:x + w] = 1


def random_mask(r: int, rng: np.random.Generator, min_hole: float = 0.05, max_hole: float = 0.65) -> np.ndarray:
    """One procedural mask [r, r] uint8 with a hole ratio close to a uniform draw in [min_hole, max_hole]."""
    target = rng.uniform(min_hole, max_hole)
    kind = rng.choice(["strokes", "strokes+box", "large", "scribble"], p=[0.35, 0.2, 0.2, 0.25])
    m = np.zeros((r, r), np.uint8)
    for _ in range(200):
        if m.mean() >= target:
            break
        before = m.copy()
        if kind == "large":
            _stroke(m, rng, (0.08, 0.22))
        elif kind == "scribble":   # many thin, fragmented strokes, like scratches and the NVIDIA test masks
            _stroke(m, rng, (0.01, 0.04))
        elif kind == "strokes+box" and rng.random() < 0.3:
            _box(m, rng, 0.5)
        else:
            _stroke(m, rng, (0.03, 0.12))
        if m.mean() > target + 0.08:   # one shape overshot far past the target: undo it, try smaller
            m = before
            kind = "strokes"
    return m


BANK_CHUNK = 1000


def _bank_chunk(args) -> np.ndarray:
    r, seed, k, count, min_hole, max_hole = args
    rng = np.random.default_rng([seed, k])
    return np.stack([np.packbits(random_mask(r, rng, min_hole, max_hole)) for _ in range(count)])


def build_bank(n: int, r: int, seed: int, min_hole: float, max_hole: float) -> np.ndarray:
    """n masks, bit-packed: [n, r*r/8] uint8. Drawn in chunks of BANK_CHUNK, each with its own
    seed, on all cores: the same bank on any machine, and a GPU machine's many cores make it in
    seconds instead of idling the GPU for half a minute."""
    import os
    from concurrent.futures import ProcessPoolExecutor
    jobs = [(r, seed, k, min(BANK_CHUNK, n - k * BANK_CHUNK), min_hole, max_hole) for k in range(-(-n // BANK_CHUNK))]
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        return np.concatenate([_bank_chunk(j) for j in jobs])
    with ProcessPoolExecutor(workers) as pool:
        return np.concatenate(list(pool.map(_bank_chunk, jobs)))


class MaskBank:
    """Draws training masks from a cached bank with a random flip/rotation. Masks [r, r] float32."""

    def __init__(self, cache_dir: str, n: int, r: int, min_hole: float, max_hole: float, seed: int = 1234):
        # v2: drawn in seeded chunks (build_bank); v1 banks came from one serial generator
        path = Path(cache_dir) / f"masks_v2_r{r}_n{n}_{min_hole:.2f}-{max_hole:.2f}_s{seed}.npy"
        if path.exists():
            self.bits = np.load(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.bits = build_bank(n, r, seed, min_hole, max_hole)
            np.save(path.with_suffix(".tmp.npy"), self.bits)
            Path(path.with_suffix(".tmp.npy")).replace(path)
        self.r = r

    def sample(self, rng: np.random.Generator, batch: int) -> np.ndarray:
        """[batch, 1, r, r] float32 in {0, 1}."""
        out = np.empty((batch, 1, self.r, self.r), np.float32)
        for i, j in enumerate(rng.integers(0, len(self.bits), size=batch)):
            m = np.unpackbits(self.bits[j])[: self.r * self.r].reshape(self.r, self.r)
            m = np.rot90(m, rng.integers(0, 4))
            out[i, 0] = m[:, ::-1] if rng.random() < 0.5 else m
        return out


def add_part_holes(masks: np.ndarray, boxes: list[list[list[float]]], rng: np.random.Generator, p: float,
                   parts_out: np.ndarray | None = None, one_eye_out: np.ndarray | None = None,
                   both_eyes_out: np.ndarray | None = None) -> np.ndarray:
    """Paint over an eye, both eyes or the mouth, as a person covering a closed eye or a blemish
    does, on a share p of the masks (in place; masks [B, 1, R, R] float32, boxes[i] face i's part
    boxes [cx, cy, w, h] as fractions, eyes first then the mouth; data.part_boxes). The bank's
    holes land on an eye only by chance, so without these the stage that must draw an iris and a
    highlight rarely has to: a painted eye came back as a smudge. Each hole is a filled ellipse
    over the part, scaled 0.8-1.5x and moved by up to 15% of the box, so it is not a fixed shape.
    parts_out (shaped as masks), when given, gets the painted parts alone (loss.free_parts);
    one_eye_out those that are a single eye, whose other eye is still there (loss.copy_teach), and
    both_eyes_out those that are both eyes."""
    r = masks.shape[-1]
    for i, parts in enumerate(boxes):
        if rng.random() >= p:
            continue
        kind = rng.choice(["eye", "eyes", "mouth"], p=[0.45, 0.25, 0.3])
        chosen = {"eye": [parts[int(rng.integers(0, 2))]], "eyes": parts[:2], "mouth": [parts[2]]}[kind]
        m = np.zeros((r, r), np.uint8)
        for cx, cy, w, h in chosen:
            s = rng.uniform(0.8, 1.5)
            c = ((cx + rng.uniform(-0.15, 0.15) * w) * r, (cy + rng.uniform(-0.15, 0.15) * h) * r)
            axes = (max(2, int(w * s * r / 2)), max(2, int(h * s * r / 2)))
            cv2.ellipse(m, (int(c[0]), int(c[1])), axes, float(rng.uniform(-15, 15)), 0, 360, 1, -1)
        masks[i, 0] = np.maximum(masks[i, 0], m)
        if parts_out is not None:
            parts_out[i, 0] = m
        if one_eye_out is not None and kind == "eye":
            one_eye_out[i, 0] = m
        if both_eyes_out is not None and kind == "eyes":
            both_eyes_out[i, 0] = m
    return masks


def _brushed(m: np.ndarray, rng: np.random.Generator, w: float, h: float, cx: float, cy: float) -> None:
    """A w x h area centred at (cx, cy), swept by parallel strokes of one brush, rotated, with round caps."""
    r = m.shape[0]
    brush = int(rng.uniform(0.1, 0.2) * r)
    angle = rng.uniform(0, math.pi)
    ux, uy, vx, vy = math.cos(angle), math.sin(angle), -math.sin(angle), math.cos(angle)
    for t in np.arange(-h / 2, h / 2 + 1, brush * 0.7):
        a = (cx + vx * t - ux * w / 2, cy + vy * t - uy * w / 2)
        b = (cx + vx * t + ux * w / 2, cy + vy * t + uy * w / 2)
        jitter = rng.uniform(-0.1, 0.1, size=2) * w     # a hand does not stop at the same place twice
        a = (a[0] + ux * jitter[0], a[1] + uy * jitter[0])
        b = (b[0] + ux * jitter[1], b[1] + uy * jitter[1])
        cv2.line(m, (int(a[0]), int(a[1])), (int(b[0]), int(b[1])), 1, brush)
        for p in (a, b):
            cv2.circle(m, (int(p[0]), int(p[1])), brush // 2, 1, -1)


def painted_region(r: int, rng: np.random.Generator) -> np.ndarray:
    """One large contiguous hole [r, r] uint8, as a person paints over what they want gone: a
    region brushed solid with back-and-forth strokes (a hand, a sticker, half a face), 1-3
    overlapping ellipses, or one side of the face cut off by a line. Its hole ratio is 15-65%.

    The bank's holes are strokes at most 28 px wide at R=128, so almost no training pixel lies
    more than 14 px from a known one; a painted region (the peer demo's half face) puts pixels
    30-40 px deep, where stage 3 had only ever been asked to copy from the edge and drew
    streaks and a second, ghost face (training/JOURNAL.md, issue 10)."""
    for _ in range(20):
        m = np.zeros((r, r), np.uint8)
        kind = rng.choice(["brushed", "ellipses", "side"], p=[0.45, 0.35, 0.2])
        if kind == "brushed":
            # a w x h area swept by parallel strokes of one brush, rotated, with round caps
            w, h = rng.uniform(0.3, 0.75, size=2) * r
            cx, cy = rng.uniform(0.25, 0.75, size=2) * r
            _brushed(m, rng, w, h, cx, cy)
        elif kind == "ellipses":
            for _ in range(rng.integers(1, 4)):
                c = rng.uniform(0.2, 0.8, size=2) * r
                axes = rng.uniform(0.12, 0.35, size=2) * r
                cv2.ellipse(m, (int(c[0]), int(c[1])), (int(axes[0]), int(axes[1])), float(rng.uniform(0, 180)), 0, 360, 1, -1)
        else:
            # everything on one side of a line near the centre, inside a disc around the face
            angle = rng.uniform(0, 2 * math.pi)
            off = rng.uniform(-0.1, 0.15) * r
            yy, xx = np.mgrid[0:r, 0:r].astype(np.float32) - (r - 1) / 2
            side = xx * math.cos(angle) + yy * math.sin(angle) > off
            disc = xx ** 2 + yy ** 2 < (rng.uniform(0.3, 0.55) * r) ** 2
            m[side & disc] = 1
        if 0.15 <= m.mean() <= 0.65:
            return m
    # 20 draws out of range in a row do not happen in practice; a wrong ratio must not pass silently
    raise RuntimeError("painted_region: no region with a hole ratio in 15-65% in 20 draws")


PAINTED_EVAL_R, PAINTED_EVAL_FACES = 128, 100


def painted_eval_hole(i: int) -> np.ndarray:
    """The evaluation's painted hole for face i (the `painted` bucket; tools/eval/painted-holes.png
    holds the same), [128, 128] uint8. Its seeds are not the training's."""
    return painted_region(PAINTED_EVAL_R, np.random.default_rng(10_000 + i))


def edge_region(r: int, rng: np.random.Generator) -> np.ndarray:
    """One large painted region [r, r] uint8 that runs off the crop's border, hole ratio 15-65%:
    everything beyond a line across the whole crop, a brushed area or 1-3 ellipses centred near
    a border (partly outside it). The peer demo 00169's hole is such a region (a blob over half
    the face and a wedge to the top and right borders, 39% at R=128); painted_region's stay
    inside the crop, and stage 3, trained on those, filled regions at the border with vertical
    streaks and bars on the aligned evaluation faces too (training/JOURNAL.md, 2026-12-04)."""
    def near_border() -> tuple[float, float]:
        # a point up to 0.12 r outside and 0.2 r inside one of the four borders, anywhere along it
        along, depth = rng.uniform(0.1, 0.9) * r, rng.uniform(-0.12, 0.2) * r
        side = rng.integers(4)
        return [(depth, along), (r - 1 - depth, along), (along, depth), (along, r - 1 - depth)][side]
    for _ in range(20):
        m = np.zeros((r, r), np.uint8)
        kind = rng.choice(["beyond", "brushed", "ellipses"], p=[0.35, 0.35, 0.3])
        if kind == "beyond":
            angle = rng.uniform(0, 2 * math.pi)
            off = rng.uniform(-0.15, 0.3) * r
            yy, xx = np.mgrid[0:r, 0:r].astype(np.float32) - (r - 1) / 2
            m[xx * math.cos(angle) + yy * math.sin(angle) > off] = 1
        elif kind == "brushed":
            w, h = rng.uniform(0.4, 0.9, size=2) * r
            _brushed(m, rng, w, h, *near_border())
        else:
            for _ in range(rng.integers(1, 4)):
                c = near_border()
                axes = rng.uniform(0.15, 0.45, size=2) * r
                cv2.ellipse(m, (int(c[0]), int(c[1])), (int(axes[0]), int(axes[1])), float(rng.uniform(0, 180)), 0, 360, 1, -1)
        border = m[0].any() or m[-1].any() or m[:, 0].any() or m[:, -1].any()
        if border and 0.15 <= m.mean() <= 0.65:
            return m
    raise RuntimeError("edge_region: no region at the border with a hole ratio in 15-65% in 20 draws")


def edge_eval_hole(i: int) -> np.ndarray:
    """The evaluation's `edge` hole for face i (edge_region with seeds the training never uses), [128, 128] uint8."""
    return edge_region(PAINTED_EVAL_R, np.random.default_rng(20_000 + i))


def add_painted_regions(masks: np.ndarray, rng: np.random.Generator, p: float, edge: float = 0.0) -> np.ndarray:
    """Replace a share p of the masks (in place; [B, 1, R, R] float32) by a painted region
    (painted_region; a share `edge` of them by one that runs off the border, edge_region).
    Replaced, not added: the bank's hole on top would bring the ratio far past what the
    evaluation asks of the model."""
    r = masks.shape[-1]
    for i in range(len(masks)):
        if rng.random() < p:
            masks[i, 0] = edge_region(r, rng) if edge > 0 and rng.random() < edge else painted_region(r, rng)
    return masks
