#!/bin/bash
# On a lent GPU machine, in the repository's copy, with .gpu/ carried (training/device_bundle.py):
#   scripts/device-train.sh INIT SECONDS [--set group.field=value ...]
# trains from INIT (.gpu/init or the committed checkpoint) for SECONDS of wall-clock time and
# leaves in $OUT what comes back: pack/part-*.pt (the release checkpoint, split; --init reads the
# folder), log.jsonl, train.out, and g_ema.npz (the EMA weights as numpy, should this machine's
# newer PyTorch write files the older one here cannot read).
set -o pipefail
INIT=$1; SECS=$2; shift 2
export PYTHONUNBUFFERED=1 FACEREC_DIR=.gpu/facerec
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
python3 -m zipfile -e .gpu/faces.zip /tmp/faces || exit 1
DATA=(); for d in /tmp/faces/*/; do DATA+=(--data "${d%/}"); done
timeout -s INT $((SECS + 60)) python3 -m training.train --init "$INIT" "${DATA[@]}" --run-dir /tmp/run \
  --pack-to "$OUT/pack" --seconds "$SECS" --set train.eval_every=0 --set train.save_every_s=90 \
  --set train.threads=4 --set train.log_every=100 --set data.cache_dir=/tmp/cache "$@" 2>&1 \
  | tee "$OUT/train.out" | grep -v '^{"step"'
tail -n 25 /tmp/run/log.jsonl | cut -c1-300
cp /tmp/run/log.jsonl "$OUT/"
python3 - <<PY
import glob, numpy as np, torch
for f in glob.glob("$OUT/pack/*.pt"):
    ck = torch.load(f, weights_only=False)
    if "g_ema" in ck:
        np.savez("$OUT/g_ema.npz", **{k: v.numpy() for k, v in ck["g_ema"].items()})
    if "step" in ck:
        print("step", ck["step"])
PY
ls -la "$OUT" "$OUT/pack"
