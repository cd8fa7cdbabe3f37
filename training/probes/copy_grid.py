# /usr/bin/python3 -m training.probes.copy_grid OUT.png [--raw] [--relight] CKPT [CKPT...] (from the repository root)
"""What the mirror copy (model/copy.py) takes for ten evaluation faces' painted eyes, a 2x grid:
masked | per checkpoint: the copy where it found known cells, stage 3's result | original.
A checkpoint without the module gets it added closed (the copy shows; the result is as it was).
--raw: the trained weights, not their moving average (what the gate has learned so far).
--relight: the copy relit to this side's light (model/copy.py, relit), whatever the checkpoint's config says.
A checkpoint named twice, once as NAME:relight, shows both."""
import sys

import torch

from training.checkpoint import float_state, load, load_new_parts
from training.config import Config
from training.model import build_generator
from training.probes.painted_eyes import eval_files, eyes_grid, painted_eyes, restore

torch.set_num_threads(1)
faces, masks, _ = painted_eyes(eval_files(10, step=17))
m = masks[..., None]
cols = [faces * (1 - m) + 255 * m]
raw = "--raw" in sys.argv
for c in [a for a in sys.argv[2:] if not a.startswith("--")]:
    c, _, opt = c.partition(":")
    ck = load(c)
    cfg = Config.from_dict(ck["config"])
    cfg.model.copy = True
    g = build_generator(cfg)
    own = g.state_dict()
    load_new_parts(g, {k: v for k, v in float_state(ck["g" if raw else "g_ema"]).items() if k in own})
    g.eval()
    g.prior.set_noise_mode("const")
    seen = []
    attn = g.refine.copy_attn
    attn.relight = attn.relight or "--relight" in sys.argv or opt == "relight"
    attn.register_forward_hook(lambda mod, args, out: seen.append(out[0]))
    _, out = restore(g, faces, masks)
    cp = seen[0]
    rgb = ((cp[:, :3].clamp(-1, 1) + 1) * 127.5).permute(0, 2, 3, 1).numpy()
    found = cp[:, 3:].permute(0, 2, 3, 1).numpy()
    cols += [faces * (1 - m) + m * (rgb * found + 255 * (1 - found)), out]
    print(c, ck["step"], "found in the hole:", float((found[..., 0] * masks).sum() / masks.sum()))
eyes_grid(sys.argv[1], cols + [faces], range(len(faces)))
