"""Open a run's mirror copy (model/copy.py): /usr/bin/python3 -m training.copy_start CKPT [--gate 0.5]

Why: a copy that starts unused gets almost no useful gradient through stage 3 (measured with the
mirror convs, training/JOURNAL.md 2026-12-04): it would stay unused. So the gate opens to `gate`
everywhere (its bias; its weights and the side conv at zero): every hole starts as that blend of
stage 3's fill and the registered mirror copy, and training closes the gate where the copy is wrong
and keeps it where it is worth it (a painted eye).

The checkpoint is edited in place, both the trained weights and their moving average; weights of
an earlier form of the module that the model no longer has are dropped; the history records it.
"""
from __future__ import annotations

import argparse
import math
from pathlib import Path

import torch

from .checkpoint import load, save_atomic
from .config import Config
from .model import build_generator
from .model.copy import is_copy_param


def start(ckpt: dict, gate: float) -> dict:
    cfg = Config.from_dict(ckpt["config"])
    own = build_generator(cfg).state_dict()
    for k in ("g", "g_ema"):
        sd = {n: v for n, v in ckpt[k].items() if not is_copy_param(n) or n in own}
        sd["refine.copy_attn.copy_side.weight"] = torch.zeros_like(own["refine.copy_attn.copy_side.weight"])
        sd["refine.copy_attn.copy_gate.weight"] = torch.zeros_like(own["refine.copy_attn.copy_gate.weight"])
        sd["refine.copy_attn.copy_gate.bias"] = torch.full_like(own["refine.copy_attn.copy_gate.bias"], math.log(gate / (1 - gate)))
        ckpt[k] = sd
    ckpt["history"] = ckpt.get("history", []) + [{"step": ckpt["step"], "copy_start": gate}]
    return ckpt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ckpt")
    ap.add_argument("--gate", type=float, default=0.5)
    args = ap.parse_args()
    path = Path(args.ckpt)
    ckpt = load(path)
    if not Config.from_dict(ckpt["config"]).model.copy:
        raise SystemExit("the checkpoint's model has no mirror copy: resume it once with --set model.copy=true first")
    save_atomic(start(ckpt, args.gate), path)
    print(f"{path}: copy gate opened to {args.gate} at step {ckpt['step']}")


if __name__ == "__main__":
    main()
