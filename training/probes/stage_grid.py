"""One crop through several checkpoints at R: masked | stage-2 composite | stage-3 composite per
checkpoint, scaled up and written as one PNG (the probes sample_ghost and peer_demo)."""
import cv2
import numpy as np
import torch

from training.checkpoint import load_generator


def stage_grid(face: np.ndarray, hole: np.ndarray, ckpts: list[str], out: str, scale: int, show_hole: float = 0.0):
    """face [R,R,3] RGB 0-255, hole [R,R] 1 = hole; the hole shown as `show_hole` (-1 black .. 1 white).
    Returns (x, m, the last checkpoint's generator) for a probe that goes on from there."""
    x = torch.from_numpy(face.astype(np.float32)).permute(2, 0, 1)[None].div(127.5).sub(1)
    m = torch.from_numpy(hole.astype(np.float32))[None, None]
    rgb = lambda t: ((t.detach().clamp(-1, 1)[0] + 1) * 127.5).permute(1, 2, 0).numpy()
    rows, g = [], None
    for ckpt in ckpts:
        g, cfg, meta = load_generator(ckpt)
        with torch.no_grad():
            o = g(x * (1 - m), m, torch.zeros(1, cfg.model.z_dim))
        rows.append(np.hstack([rgb(x * (1 - m) + show_hole * m), rgb(o.structure_composite), rgb(o.output_composite)]))
        print(ckpt, meta["step"])
    grid = np.vstack(rows).round().astype(np.uint8)
    cv2.imwrite(out, cv2.cvtColor(cv2.resize(grid, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))
    return x, m, g
