# /usr/bin/python3 -m training.probes.copy_gate_psnr CKPT [--n 100] [--buckets 20-40,painted] [--open 1.5,3]
"""What the mirror copy (model/copy.py) is worth in the evaluation's holes: PSNR / sharpness of
the final composite (training.evaluate, no baselines) with the gate as trained, with the copy
relit or not (whatever the checkpoint's config says), with the gate shut by hand (its bias at -40:
stage 3 alone), and opened further everywhere (its bias raised by each --open value, relit).
Stage 3 alone against the shipped weights says whether the copy's training bent it."""
import argparse

import torch

from training.checkpoint import load_generator
from training.evaluate import evaluate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ckpt")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--buckets", default="20-40,painted")
    ap.add_argument("--open", default="", help="comma-separated bias increases to try, relit")
    args = ap.parse_args()
    torch.set_num_threads(1)
    g, cfg, meta = load_generator(args.ckpt)
    attn = g.refine.copy_attn
    bias = attn.copy_gate.bias.data.clone()
    modes = [("as trained, not relit", False, 0.0), ("as trained, relit", True, 0.0), ("shut", False, None)]
    modes += [(f"bias +{d:g}, relit", True, d) for d in map(float, filter(None, args.open.split(",")))]
    for name, relight, add in modes:
        attn.relight = relight
        attn.copy_gate.bias.data = bias.clone().fill_(-40.0) if add is None else bias + add
        res = evaluate(g, cfg, args.n, buckets=args.buckets.split(","), baselines=False)
        print(f"{meta.get('step')} {name:22s}", "  ".join(f"{r['bucket']} {r['psnr']:.2f} / {r['sharpness']:.2f}"
                                                          for r in res if r["method"] == "isfrnet"), flush=True)


if __name__ == "__main__":
    main()
