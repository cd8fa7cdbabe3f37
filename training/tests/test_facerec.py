"""The PyTorch port of face-api's face recognition net against face-api itself (Node, tfjs WASM)."""
import json
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from training.config import SHARED

ROOT = Path(__file__).resolve().parents[2]
FACE_API = ROOT / "node_modules/@vladmandic/face-api"
REAL_FACES = SHARED / "data/faces/eval/utkface"
SIZE = 128

pytestmark = pytest.mark.skipif(
    not FACE_API.exists() or shutil.which("node") is None,
    reason="needs node and node_modules/@vladmandic/face-api (npm ci)")


def synthetic_faces(n: int) -> np.ndarray:
    """Face-like RGB drawings (gradient background, skin ellipse, eyes, brows, mouth), plus noise."""
    rng = np.random.default_rng(0)
    out = []
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    for i in range(n):
        img = (rng.integers(40, 200, 3) * (0.5 + 0.5 * yy[..., None] / SIZE)).astype(np.uint8)
        skin = tuple(int(v) for v in rng.integers(120, 230, 3))
        c = SIZE // 2 + int(rng.integers(-4, 5))
        cv2.ellipse(img, (c, SIZE // 2), (38, 50), 0, 0, 360, skin, -1)
        for ex in (c - 17, c + 17):
            cv2.circle(img, (ex, SIZE // 2 - 10), 6, (30, 30, 30), -1)
            cv2.line(img, (ex - 9, SIZE // 2 - 22), (ex + 9, SIZE // 2 - 22), (60, 40, 30), 3)
        cv2.line(img, (c - 14, SIZE // 2 + 24), (c + 14, SIZE // 2 + 24), (150, 50, 50), 4)
        img = np.clip(img + rng.normal(0, 6, img.shape), 0, 255).astype(np.uint8)
        out.append(img)
    return np.stack(out)


def real_faces(n: int) -> np.ndarray | None:
    """A few UTKFace eval crops, read at test time (never copied into the repo)."""
    if not REAL_FACES.is_dir():
        return None
    files = sorted(REAL_FACES.glob("*.jpg"))[:n]
    imgs = [cv2.resize(cv2.imread(str(f))[..., ::-1], (SIZE, SIZE), interpolation=cv2.INTER_AREA)
            for f in files]
    return np.stack(imgs) if len(imgs) == n else None


def face_api_descriptors(images: np.ndarray, tmp_path: Path) -> np.ndarray:
    raw = tmp_path / "images.raw"
    raw.write_bytes(np.ascontiguousarray(images, np.uint8).tobytes())
    res = subprocess.run(["node", str(ROOT / "training/facerec_parity.mjs"), str(raw), str(len(images)),
                          str(images.shape[1])], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    return np.array(json.loads(res.stdout.strip().splitlines()[-1]), np.float32)


@pytest.fixture(scope="module")
def net():
    from training.model.facerec import load_facerec
    torch.set_num_threads(1)
    return load_facerec()


def test_descriptors_match_face_api(net, tmp_path, record_property):
    sets = {"synthetic": synthetic_faces(4)}
    real = real_faces(4)
    if real is not None:
        sets["real"] = real
    images = np.concatenate(list(sets.values()))
    want = face_api_descriptors(images, tmp_path)
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1
    with torch.no_grad():
        got, feats = net(x)
    got = got.numpy()
    cos = (got * want).sum(1) / (np.linalg.norm(got, axis=1) * np.linalg.norm(want, axis=1))
    start = 0
    for name, imgs in sets.items():
        c = cos[start:start + len(imgs)]
        start += len(imgs)
        print(f"{name}: worst cosine {c.min():.7f} (1 - cos = {1 - c.min():.1e})")
        record_property(f"worst_cosine_{name}", float(c.min()))
    print("max |descriptor difference|", float(np.abs(got - want).max()))
    assert cos.min() >= 0.999, cos
    assert [tuple(f.shape[1:]) for f in feats] == [(32, 35, 35), (64, 17, 17), (128, 8, 8), (256, 4, 4),
                                                   (256, 2, 2)]


def test_frozen_and_differentiable(net):
    assert not any(p.requires_grad for p in net.parameters()) and not net.training
    x = (torch.rand(2, 3, 64, 64) * 2 - 1).requires_grad_(True)
    d, feats = net(x)
    (d.square().sum() + feats[0].mean()).backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


def test_missing_weights_says_npm_ci(tmp_path):
    from training.model.facerec import load_facerec
    with pytest.raises(FileNotFoundError, match="npm ci"):
        load_facerec(tmp_path)
