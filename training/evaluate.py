"""Evaluate a checkpoint with the shared protocol, against OpenCV inpainting in the same run.

Protocol (../shared/data/README.md): the first N faces of the evaluation folder sorted by
name, centre square crop, area resize to R; face i gets NVIDIA mask
`start + floor(i * 4000 / N)` (20-40%: start 4000, 40-60%: start 8000), nearest resize,
threshold 127. PSNR, SSIM and mean L1 on the whole image in [0, 1].

One JSON line per (bucket, method): isfrnet (final composite), stage1, stage2, opencv_ns,
opencv_telea.

    /usr/bin/python3 -m training.evaluate --ckpt ~/isfrnet-runs/r128/ckpt.pt --n 400 --out eval.jsonl
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F

from . import metrics
from .data import list_images, load_face
from .losses import oriented_energy
from .masks import PAINTED_EVAL_FACES, edge_eval_hole, painted_eval_hole

BUCKETS = {"20-40": 4000, "40-60": 8000}


def mask_index(i: int, n: int, start: int) -> int:
    """The mask id paired with face i of n (the shared pairing rule)."""
    return start + (i * 4000) // n


def load_mask(folder: str, idx: int, r: int) -> np.ndarray:
    """NVIDIA mask `idx` at r x r, nearest resize, threshold 127: uint8 [r, r], 1 = hole."""
    m = cv2.imread(str(Path(folder) / f"{idx:05d}.png"), cv2.IMREAD_GRAYSCALE)
    if m is None:
        raise FileNotFoundError(f"mask {idx:05d}.png in {folder}")
    m = cv2.resize(m, (r, r), interpolation=cv2.INTER_NEAREST)
    return (m > 127).astype(np.uint8)


def eval_pairs(face_dir: str, mask_dir: str, n: int, r: int, bucket: str):
    """(faces [n, r, r, 3] uint8 RGB, masks [n, r, r] uint8) for one bucket. `painted`: the first
    min(n, 100) faces with one large painted region each (masks.painted_eval_hole); `edge`: the same
    with one that runs off the crop's border (masks.edge_eval_hole)."""
    if bucket in ("painted", "edge"):
        files = list_images(face_dir)[:min(n, PAINTED_EVAL_FACES)]
        faces = np.stack([load_face(p, r) for p in files])
        draw = painted_eval_hole if bucket == "painted" else edge_eval_hole
        holes = [cv2.resize(draw(i), (r, r), interpolation=cv2.INTER_NEAREST) for i in range(len(files))]
        return faces, np.stack(holes)
    files = list_images(face_dir)[:n]
    n = len(files)
    faces = np.stack([load_face(p, r) for p in files])
    masks = np.stack([load_mask(mask_dir, mask_index(i, n, BUCKETS[bucket]), r) for i in range(n)])
    return faces, masks


def opencv_inpaint(face: np.ndarray, mask: np.ndarray, method: int) -> np.ndarray:
    """OpenCV inpainting with radius 3 on a uint8 RGB face; returns uint8 RGB."""
    bgr = cv2.cvtColor(face, cv2.COLOR_RGB2BGR)
    return cv2.cvtColor(cv2.inpaint(bgr, mask * 255, 3, method), cv2.COLOR_BGR2RGB)


@torch.no_grad()
def run_model(g, faces: np.ndarray, masks: np.ndarray, z_dim: int, batch: int = 16, seed: int = 0) -> dict[str, np.ndarray]:
    """Stage composites for every pair: {'stage1','stage2','isfrnet'} -> uint8-equivalent float [n, r, r, 3] in [0,1]."""
    out = {"stage1": [], "stage2": [], "isfrnet": []}
    gen = torch.Generator().manual_seed(seed)
    for s in range(0, len(faces), batch):
        x = torch.from_numpy(faces[s:s + batch]).permute(0, 3, 1, 2).float().div(127.5).sub(1)
        m = torch.from_numpy(masks[s:s + batch]).float()[:, None]
        z = torch.randn(len(x), z_dim, generator=gen)
        o = g(x, m, z)
        for k, t in (("stage1", o.prior_composite), ("stage2", o.structure_composite), ("isfrnet", o.output_composite)):
            # quantise to 8 bits as a saved PNG would be: the user gets 8-bit pixels
            img = ((t.clamp(-1, 1) + 1) * 127.5).round().permute(0, 2, 3, 1).numpy() / 255.0
            out[k].append(img)
    return {k: np.concatenate(v) for k, v in out.items()}


def xy_excess(restored: np.ndarray, faces: np.ndarray, masks: np.ndarray, patch: int = 8) -> float:
    """Streaks: over the patch x patch blocks that are mostly hole, the mean of log(x-detail /
    y-detail) of the result minus the original's (losses.oriented_energy); above 0 the fill has more
    vertical structure than the face. restored [n,R,R,3] in [0,1], faces uint8, masks [n,R,R]."""
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)).permute(0, 3, 1, 2) * 2 - 1
    m = (F.avg_pool2d(torch.from_numpy(masks).float()[:, None], patch) > 0.5).float()

    def ratio(img):
        ex, ey = oriented_energy(img)
        return torch.log(F.avg_pool2d(ex, patch) + 1e-5) - torch.log(F.avg_pool2d(ey, patch) + 1e-5)
    return float(((ratio(t(restored)) - ratio(t(faces / 255.0))) * m).sum() / m.sum())


def score(restored: np.ndarray, faces: np.ndarray, masks: np.ndarray) -> dict:
    gt = faces.astype(np.float64) / 255.0
    rows = [{"psnr": metrics.psnr(a, b), "ssim": metrics.ssim(a, b), "l1": metrics.l1(a, b)} for a, b in zip(restored, gt)]
    sharp = [s for s in (metrics.sharpness(a, b, m) for a, b, m in zip(restored, gt, masks)) if s is not None]
    return metrics.summarize(rows) | {"sharpness": float(np.mean(sharp))}


DIVERSITY_FACES, DIVERSITY_SEEDS = 20, (1, 2, 3, 4)


def diversity(g, faces: np.ndarray, masks: np.ndarray, z_dim: int) -> dict[str, float]:
    """Per stage: mean pairwise difference of the seeds' results inside the hole over their
    mean difference from the original there, on the first DIVERSITY_FACES faces."""
    f, m = faces[:DIVERSITY_FACES], masks[:DIVERSITY_FACES]
    runs = [run_model(g, f, m, z_dim, seed=s) for s in DIVERSITY_SEEDS]
    gt = f.astype(np.float64) / 255.0
    out = {}
    for k in runs[0]:
        pairs = [metrics.diversity([r[k][i] for r in runs], gt[i], m[i]) for i in range(len(f))]
        out[k] = float(np.mean([p for p, _ in pairs]) / max(np.mean([e for _, e in pairs]), 1e-9))
    return out


def evaluate(g, cfg, n: int, buckets=("20-40", "40-60"), baselines: bool = True, save_grid: str | None = None) -> list[dict]:
    """Score the generator `g` (eval mode, const noise) and the OpenCV baselines per bucket."""
    r = cfg.data.resolution
    results = []
    for b in buckets:
        faces, masks = eval_pairs(cfg.data.eval_dir, cfg.data.eval_masks, n, r, b)
        outs = run_model(g, faces, masks, cfg.model.z_dim)
        if baselines:
            outs["opencv_ns"] = np.stack([opencv_inpaint(f, m, cv2.INPAINT_NS) for f, m in zip(faces, masks)]) / 255.0
            outs["opencv_telea"] = np.stack([opencv_inpaint(f, m, cv2.INPAINT_TELEA) for f, m in zip(faces, masks)]) / 255.0
        div = diversity(g, faces, masks, cfg.model.z_dim) if b == "40-60" else {}
        for method, restored in outs.items():
            results.append({"bucket": b, "method": method, **score(restored, faces, masks)}
                           | ({"diversity": div[method]} if method in div else {})
                           | ({"xy_excess": xy_excess(restored, faces, masks)} if b in ("painted", "edge") else {}))
        if save_grid:
            write_grid(Path(save_grid).with_name(f"{Path(save_grid).stem}_{b}.png"), faces, masks, outs)
    return results


def write_grid(path: Path, faces, masks, outs, rows: int = 8) -> None:
    """A PNG: per row input (masked), stage1, stage2, isfrnet, NS (if present), original."""
    cols = []
    hole = masks[:rows, :, :, None].astype(np.float64)
    cols.append(faces[:rows] / 255.0 * (1 - hole) + hole * np.array([1.0, 1.0, 1.0]))
    for k in ("stage1", "stage2", "isfrnet", "opencv_ns"):
        if k in outs:
            cols.append(outs[k][:rows])
    cols.append(faces[:rows] / 255.0)
    grid = np.concatenate([np.concatenate(list(c), 0) for c in cols], 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), cv2.cvtColor((grid * 255).round().astype(np.uint8), cv2.COLOR_RGB2BGR))


def table(results: list[dict]) -> str:
    lines = [f"{'bucket':8} {'method':14} {'n':>4} {'PSNR':>7} {'SSIM':>7} {'L1':>8} {'sharp':>6} {'divers':>6} {'x/y':>7}"]
    for r in results:
        div = f"{r['diversity']:6.3f}" if "diversity" in r else f"{'':6}"
        xy = f"{r['xy_excess']:+7.3f}" if "xy_excess" in r else ""
        lines.append(f"{r['bucket']:8} {r['method']:14} {r['n']:4d} {r['psnr']:7.2f} {r['ssim']:7.4f} {r['l1']:8.4f} {r['sharpness']:6.3f} {div} {xy}")
    return "\n".join(lines)


def main() -> None:
    from .checkpoint import load_generator

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--out", help="append JSON lines here")
    ap.add_argument("--save-grid", help="PNG path prefix for a visual grid of the first faces")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--buckets", default="20-40,40-60", help="comma-separated: 20-40, 40-60, painted, edge")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    g, cfg, meta = load_generator(args.ckpt)
    results = evaluate(g, cfg, args.n, buckets=args.buckets.split(","), save_grid=args.save_grid)
    for r in results:
        r |= {"ckpt": str(args.ckpt), "step": meta.get("step"), "R": cfg.data.resolution}
    print(table(results))
    if args.out:
        with open(args.out, "a") as f:
            for r in results:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
