import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def synthetic_faces(tmp_path_factory) -> Path:
    """A folder of generated face-like PNGs (gradients, ellipses, eyes): no research data in tests."""
    folder = tmp_path_factory.mktemp("faces")
    rng = np.random.default_rng(0)
    for i in range(24):
        h, w = 60 + 4 * (i % 3), 60
        yy, xx = np.mgrid[0:h, 0:w]
        img = np.zeros((h, w, 3), np.uint8)
        img[:] = (rng.integers(40, 200, 3) * (0.6 + 0.4 * yy[..., None] / h)).astype(np.uint8)
        skin = tuple(int(v) for v in rng.integers(120, 230, 3))
        cv2.ellipse(img, (w // 2, h // 2), (18, 24), 0, 0, 360, skin, -1)
        for ex in (w // 2 - 8, w // 2 + 8):
            cv2.circle(img, (ex, h // 2 - 5), 3, (30, 30, 30), -1)
        cv2.line(img, (w // 2 - 6, h // 2 + 10), (w // 2 + 6, h // 2 + 10), (90, 40, 40), 2)
        cv2.imwrite(str(folder / f"face_{i:03d}.png"), img)
    return folder
