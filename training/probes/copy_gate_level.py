# /usr/bin/python3 -m training.probes.copy_gate_level CKPT (from the repository root)
"""How far the mirror copy's gate (model/copy.py) is open, from a run's checkpoint (moving average
and trained weights): its mean over the painted eyes of the first 30 evaluation faces, one eye or
both painted (painted_eyes.py; loss.copy_teach wants ~1 and ~0), and, for the average, over the
holes of the first 40 faces of the evaluation's 20-40%, 40-60% and painted buckets (wanted ~0:
a fifth of a misplaced copy cost a dB there, training/JOURNAL.md 2026-12-05)."""
import sys

import torch

from training.checkpoint import float_state, load
from training.config import Config
from training.evaluate import eval_pairs
from training.model import build_generator
from training.probes.painted_eyes import eval_files, painted_eyes

torch.set_num_threads(1)
ck = load(sys.argv[1])
cfg = Config.from_dict(ck["config"])
as_tensors = lambda faces, masks: (torch.from_numpy(faces).permute(0, 3, 1, 2).float().div(127.5).sub(1),
                                   torch.from_numpy(masks).float().reshape(len(faces), 1, *masks.shape[-2:]))


def gate_in_holes(g, faces, masks):
    """Per face, the gate's mean over its hole (z = 0)."""
    seen = []
    hook = g.refine.copy_attn.register_forward_hook(lambda mod, args, out: seen.append(out[2]))
    x, m = as_tensors(faces, masks)
    with torch.no_grad():
        g(x, m, torch.zeros(len(x), cfg.model.z_dim))
    hook.remove()
    return ((seen[-1] * m).sum((1, 2, 3)) / m.sum((1, 2, 3))).numpy()


faces, masks, kinds = painted_eyes(eval_files(30))
for which in ("g_ema", "g"):
    g = build_generator(cfg)
    g.load_state_dict(float_state(ck[which]))
    g.eval()
    g.prior.set_noise_mode("const")
    per = gate_in_holes(g, faces, masks)
    line = f"{which:5s} {ck['step']}: painted eyes, one {per[kinds == 1].mean():.2f}  both {per[kinds == 2].mean():.2f}"
    if which == "g_ema":
        for bucket in ("20-40", "40-60", "painted"):
            f, m = eval_pairs(cfg.data.eval_dir, cfg.data.eval_masks, 40, cfg.data.resolution, bucket)
            line += f"  | {bucket} {gate_in_holes(g, f, m).mean():.3f}"
    print(line)
