#!/bin/bash
# The CPU run of this VM, in the background: scripts/train-loop.sh RUN_DIR [train.py args for the first start]
# The first start takes the given arguments (e.g. --init training/checkpoints/isfrnet_r128.pt
# --set ...); every later start resumes RUN_DIR with its own config.json. A training process here
# slows from ~1.05 to 1.4-1.9 s a step after its first in-training evaluation and stays slow until
# restarted (README), so each process exits after one evaluation and the loop starts the next.
# Stop it with `touch RUN_DIR/../stop` (checked between processes) or by killing the loop.
RUN=$1; shift
STOP="$(dirname "$RUN")/stop"
rm -f "$STOP"
export PYTHONUNBUFFERED=1
/usr/bin/python3 -m training.train --run-dir "$RUN" --exit-after-eval "$@"
while [ ! -e "$STOP" ]; do
  /usr/bin/python3 -m training.train --run-dir "$RUN" --exit-after-eval || sleep 30
done
