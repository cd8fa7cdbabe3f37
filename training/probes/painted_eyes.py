"""The probes' inputs: UTKFace evaluation faces with the left eye, the right eye or both painted
over in turn (a filled ellipse 1.2x the part box), and what a generator makes of them."""
import cv2
import numpy as np
import torch

from training.config import Config
from training.data import list_images, load_face

R = 128


def painted_eyes(files: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """faces [N,R,R,3] uint8, masks [N,R,R] uint8 (1 = painted), kinds [N]: eyes painted (1 or 2)."""
    boxes = Config().data.part_boxes["utkface"]
    faces, masks, kinds = [], [], []
    for i, f in enumerate(files):
        kind = ([0], [1], [0, 1])[i % 3]
        m = np.zeros((R, R), np.uint8)
        for j in kind:
            cx, cy, w, h = boxes[j]
            cv2.ellipse(m, (int(cx * R), int(cy * R)), (int(w * 1.2 * R / 2), int(h * 1.2 * R / 2)), 0, 0, 360, 1, -1)
        faces.append(load_face(f, R)); masks.append(m); kinds.append(len(kind))
    return np.stack(faces), np.stack(masks), np.array(kinds)


def eval_files(n: int, step: int = 1) -> list:
    return list_images(Config().data.eval_dir)[: n * step : step]


def restore(g, faces: np.ndarray, masks: np.ndarray):
    """The generator's outputs (z = 0) for the painted faces: (structure composite, final), RGB 0-255 float."""
    x = torch.from_numpy(faces).permute(0, 3, 1, 2).float().div(127.5).sub(1)
    m = torch.from_numpy(masks).float()[:, None]
    with torch.no_grad():
        o = g(x, m, torch.zeros(len(x), 64))
    rgb = lambda t: ((t.clamp(-1, 1) + 1) * 127.5).permute(0, 2, 3, 1).numpy()
    return rgb(o.structure_composite), rgb(o.output_composite)


def hole_error(out: np.ndarray, faces: np.ndarray, masks: np.ndarray, kinds: np.ndarray) -> tuple[float, float]:
    """Mean |out - truth| inside the hole (0-255): one-eye holes, both-eye holes."""
    err = np.abs(out - faces).mean(-1)
    per = np.array([err[i][masks[i] > 0].mean() for i in range(len(faces))])
    return float(per[kinds == 1].mean()), float(per[kinds == 2].mean())


def hole_contrast(out: np.ndarray, faces: np.ndarray, masks: np.ndarray, kinds: np.ndarray) -> tuple[float, float]:
    """The luma spread inside the hole (5th to 95th percentile, BT.601), result over the real eye's,
    per face, averaged: one-eye holes, both-eye holes. A real eye is dark iris and pupil, white
    sclera and a highlight; the average eye is a grey smudge (well under 1) that error alone rewards."""
    def spread(img, m):
        y = img[..., 0] * 0.299 + img[..., 1] * 0.587 + img[..., 2] * 0.114
        v = y[m > 0]
        return np.percentile(v, 95) - np.percentile(v, 5)
    per = np.array([spread(out[i], masks[i]) / max(spread(faces[i].astype(np.float64), masks[i]), 1.0) for i in range(len(faces))])
    return float(per[kinds == 1].mean()), float(per[kinds == 2].mean())


def eyes_grid(path: str, cols: list, rows) -> None:
    """Eye rows 20-70 of each face, columns side by side, at 2x."""
    grid = np.vstack([np.hstack([c[i][20:70, 10:118] for c in cols]) for i in rows]).round().astype(np.uint8)
    cv2.imwrite(path, cv2.cvtColor(cv2.resize(grid, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))
