"""Put a model option that has no weights into trained weights, without training:

    /usr/bin/python3 -m training.retrofit CKPT OUT --set model.refine_chroma_blur=true

A fixed operation in the graph (layers.ChromaBlur; layers.Blur of model.refine_blur) can be added
to a checkpoint as it is, since it changes no weight: the generator built with the new option must
load the checkpoint's weights exactly, key for key, or this refuses. The history records the change
with `retrofit: true`, so the model card says the weights were not trained through it and
`train --init` / a resume trains on with it. Why: the chroma blur removes rainbow lines that the
step-60,000 weights draw in thin brushed holes (training/JOURNAL.md 2026-12-05, fifth session),
and that is worth shipping before a run trained with it is better at 1:1.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .checkpoint import float_state, load, save_atomic
from .config import Config
from .model import build_generator


def retrofit(ckpt: dict, assignments: list[str]) -> dict:
    before = Config.from_dict(ckpt["config"])
    after = Config.from_dict(ckpt["config"]).override(assignments)
    changed = {k: v for k, v in after.to_dict()["model"].items() if before.to_dict()["model"][k] != v}
    other = {g for a in assignments for g in [a.partition(".")[0]] if g != "model"}
    if other or not changed:
        raise SystemExit(f"retrofit takes model options that change something: {assignments}")
    g = build_generator(after)
    for key in ("g", "g_ema"):
        g.load_state_dict(float_state(ckpt[key]), strict=True)   # raises if the option has weights
    return ckpt | {"config": after.to_dict(),
                   "history": ckpt.get("history", []) + [{"step": ckpt["step"], "model_changes": changed, "retrofit": True}]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ckpt")
    ap.add_argument("out")
    ap.add_argument("--set", action="append", default=[], metavar="model.FIELD=VALUE", required=True)
    args = ap.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    ckpt = retrofit(load(Path(args.ckpt)), args.set)
    save_atomic(ckpt, out)
    print(f"{out}: step {ckpt['step']}, {ckpt['history'][-1]['model_changes']} without training")


if __name__ == "__main__":
    main()
