# /usr/bin/python3 -m training.probes.brushed_features OUT.png CKPT... (from the repository root)
"""The e2e spec hires-features' strokes (a 40 px brush across the right eye and the mouth of two
512 px faces in ../shared/data/faces/hires/codeformer-cropped) at R=128, the whole image as the
crop: input | stage 3's composite per checkpoint, 3x, and the copy's gate over each stroke where
the checkpoint has one. Brushed strokes are thin and long, unlike the training holes: a quick look
at what the app will draw there (the rainbow lines of 2026-12-05) without a browser run."""
import sys
from pathlib import Path

import cv2
import numpy as np
import torch

from training.checkpoint import load_generator

R = 128
DIR = Path(__file__).resolve().parents[2] / "../shared/data/faces/hires/codeformer-cropped"
STROKES = {"eye": ((0.57, 0.46), (0.69, 0.46)), "mouth": ((0.42, 0.71), (0.58, 0.71))}   # as in the spec


def face_and_strokes(name: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    img = cv2.cvtColor(cv2.imread(str(DIR / f"{name}.png")), cv2.COLOR_BGR2RGB)
    h, w = img.shape[:2]
    strokes = {}
    for part, (a, b) in STROKES.items():
        m = np.zeros((h, w), np.float32)
        cv2.line(m, (int(a[0] * w), int(a[1] * h)), (int(b[0] * w), int(b[1] * h)), 1.0, 40)
        strokes[part] = cv2.resize(m, (R, R), interpolation=cv2.INTER_AREA) > 0
    return cv2.resize(img, (R, R), interpolation=cv2.INTER_AREA), strokes


def main() -> None:
    torch.set_num_threads(1)
    out, ckpts = sys.argv[1], sys.argv[2:]
    models = [load_generator(c) for c in ckpts]
    rows = []
    for name in ("0143", "0240"):
        face, strokes = face_and_strokes(name)
        hole = np.logical_or.reduce(list(strokes.values())).astype(np.float32)
        x = torch.from_numpy(face.astype(np.float32)).permute(2, 0, 1)[None] / 127.5 - 1
        m = torch.from_numpy(hole)[None, None]
        tiles = [face * (1 - hole[..., None]) + 255 * hole[..., None]]
        for ckpt, (g, cfg, meta) in zip(ckpts, models):
            gates = []
            hook = g.refine.copy_attn.register_forward_hook(lambda mod, a, o: gates.append(o[2])) \
                if g.refine.copy_attn is not None else None
            with torch.no_grad():
                o = g(x * (1 - m), m, torch.zeros(1, cfg.model.z_dim))
            if hook:
                hook.remove()
                print(name, meta["step"], "  ".join(f"gate over the {p} {float(gates[-1][0, 0][torch.from_numpy(s)].mean()):.2f}"
                                                   for p, s in strokes.items()))
            tiles.append(((o.output_composite[0].clamp(-1, 1) + 1) * 127.5).permute(1, 2, 0).numpy())
        rows.append(np.hstack(tiles))
    grid = np.vstack(rows).round().clip(0, 255).astype(np.uint8)
    cv2.imwrite(out, cv2.cvtColor(cv2.resize(grid, None, fx=3, fy=3, interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))


if __name__ == "__main__":
    main()
