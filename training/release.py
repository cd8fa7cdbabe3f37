"""Publish a training run: the committed checkpoint, the evaluation, the graphs and model card.

    /usr/bin/python3 -m training.release [--run ~/isfrnet-runs/r128] [--n 400] [--levels refine=127] [--no-export]
                                         [--int8-tol 0.2 --float-dir DIR]

1. `training/checkpoints/isfrnet_r128.pt`: the run's latest checkpoint without optimizer
   state, weights in float16 (what a new machine resumes from with `train --init`);
2. evaluates it with the shared protocol on n faces per bucket, OpenCV baselines included
   (`training/checkpoints/eval.jsonl`);
3. exports the graphs from it (so what ships is exactly what was evaluated), with the scores in
   the manifest and the model card, and the onnxruntime-node parity check (`--levels` picks a
   graph's int8 levels; `--no-export` stops after step 2, leaving the shipped graphs as they are;
   `--int8-tol` and `--float-dir` go to training.export: a worst pixel above the tolerance is
   accepted only once `npm run eval` has scored the int8 graphs against the float32 ones in DIR).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import torch

from .checkpoint import load, load_generator, save_atomic, to_release
from .evaluate import evaluate, table

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", default=str(Path.home() / "isfrnet-runs/r128"))
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--out", default=str(ROOT / "training/checkpoints"))
    ap.add_argument("--levels", action="append", default=[], metavar="GRAPH=N", help="passed to training.export")
    ap.add_argument("--int8-tol", help="passed to training.export")
    ap.add_argument("--float-dir", help="passed to training.export")
    ap.add_argument("--no-export", action="store_true",
                    help="the checkpoint and its eval.jsonl only; public/models stays as it is")
    args = ap.parse_args()
    torch.set_num_threads(2)
    out = Path(args.out)
    ckpt = out / "isfrnet_r128.pt"
    save_atomic(to_release(load(Path(args.run) / "ckpt.pt")), ckpt)
    g, cfg, meta = load_generator(ckpt)
    results = evaluate(g, cfg, args.n, buckets=("20-40", "40-60", "painted", "edge"))
    shown = ckpt.relative_to(ROOT) if ckpt.is_relative_to(ROOT) else ckpt
    for r in results:
        r |= {"ckpt": str(shown), "step": meta["step"], "R": cfg.data.resolution,
              "train_hours": round((meta.get("train_seconds") or 0) / 3600, 2),
              "command": f"/usr/bin/python3 -m training.evaluate --ckpt {shown} --n {args.n}"}
    print(table(results))
    scores = out / "eval.jsonl"
    scores.write_text("".join(json.dumps(r) + "\n" for r in results))
    if args.no_export:
        return
    extra = [a for item in args.levels for a in ("--levels", item)]
    extra += [a for flag, v in (("--int8-tol", args.int8_tol), ("--float-dir", args.float_dir)) if v for a in (flag, v)]
    subprocess.run([sys.executable, "-m", "training.export", "--ckpt", str(ckpt), "--eval", str(scores), *extra], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
