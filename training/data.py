"""Face data: folders of aligned JPEG/PNG faces, decoded once into a compact uint8 cache.

Every face is centre-cropped to a square and area-resized to R (the evaluation protocol of
../shared/data/README.md uses the same preprocessing), then stored as one uint8 array
[N, R, R, 3] (RGB) in the cache folder, so training time goes to the network and not to JPEG
decoding. Batches get random horizontal flips and mild colour jitter on the fly, and with
data.zoom / data.move a share of the faces is reframed (reframe): bigger or smaller and off-centre;
with data.crop_zoom a share is cut as a window from a larger copy of the faces (window_crops).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def list_images(folder: str) -> list[Path]:
    """Image files of a folder, sorted by name (the evaluation pairing depends on this order)."""
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def load_face(path: Path | str, r: int) -> np.ndarray:
    """Decode, centre square crop, area resize: [r, r, 3] uint8 RGB."""
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise ValueError(f"cannot decode {path}")
    h, w = bgr.shape[:2]
    s = min(h, w)
    y, x = (h - s) // 2, (w - s) // 2
    crop = bgr[y:y + s, x:x + s]
    if s != r:
        crop = cv2.resize(crop, (r, r), interpolation=cv2.INTER_AREA if s > r else cv2.INTER_CUBIC)
    return cv2.cvtColor(crop, cv2.COLOR_BGR2RGB)


def cached_faces(folders: list[str], r: int, cache_dir: str) -> np.ndarray:
    """All faces of `folders` at resolution r, [N, r, r, 3] uint8, decoded once and cached."""
    files = [p for f in folders for p in list_images(f)]
    key = hashlib.sha1(("\n".join(map(str, files)) + f"@{r}").encode()).hexdigest()[:12]
    path = Path(cache_dir) / f"faces_r{r}_{len(files)}_{key}.npy"
    if path.exists():
        return np.load(path, mmap_mode="r")
    path.parent.mkdir(parents=True, exist_ok=True)
    arr = np.stack([load_face(p, r) for p in files])
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, arr)
    tmp.replace(path)
    return arr


def folder_index(folders: list[str]) -> np.ndarray:
    """For each face of cached_faces(folders, ...), the index of the folder it came from."""
    return np.concatenate([np.full(len(list_images(f)), i, np.int64) for i, f in enumerate(folders)])


def boxes_of(sources, folders: list[str], part_boxes: dict) -> list[list[list[float]]]:
    """Each face's part boxes (data.part_boxes): by the name of the folder it came from, or "*"."""
    return [part_boxes.get(Path(folders[int(s)]).name, part_boxes["*"]) for s in sources]


def to_tensor(faces: np.ndarray) -> torch.Tensor:
    """uint8 [B, R, R, 3] -> float32 [B, 3, R, R] in [-1, 1]."""
    return torch.from_numpy(np.ascontiguousarray(faces)).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)


def augment(x: torch.Tensor, gen: torch.Generator, jitter: float, shift: int = 0) -> torch.Tensor:
    """Random horizontal flip, a horizontal shift of up to `shift` pixels (edges replicated), and mild
    brightness/contrast/saturation jitter. x [B,3,R,R] in [-1,1]."""
    b = x.shape[0]
    flip = torch.rand(b, generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    if shift > 0:
        # the aligned training faces sit exactly on the crop's centre line, the app's crops (centred on
        # a detector box) only near it: the mirrored input (model.mirror) must not be trusted to the pixel
        r = x.shape[-1]
        padded = F.pad(x, (shift, shift, 0, 0), mode="replicate")
        offsets = torch.randint(0, 2 * shift + 1, (b,), generator=gen).tolist()
        x = torch.stack([padded[i, :, :, o:o + r] for i, o in enumerate(offsets)])
    if jitter > 0:
        u = lambda: 1 + (torch.rand(b, 1, 1, 1, generator=gen) * 2 - 1) * jitter
        gray = x.mean(1, keepdim=True)
        x = gray + (x - gray) * u()                              # saturation
        mean = x.mean((1, 2, 3), keepdim=True)
        x = mean + (x - mean) * u()                              # contrast
        x = (x + 1) * u() - 1                                    # brightness
    return x.clamp(-1, 1)


def reframe(x: torch.Tensor, gen: torch.Generator, zoom: float, move: float, p: float) -> tuple[torch.Tensor, np.ndarray]:
    """A share p of the faces scaled by a log-uniform factor in [1/(1+zoom), 1+zoom] about the
    centre and moved by up to `move` of the side along each axis (bilinear, the border reflected).
    The aligned training faces all sit at one size and place; a crop in the app sits where its
    detector box or the person's hand put it, and stage 3 drew a ghost eye where the face was off
    the training place (README). Returns the images and each face's frame [B, 3]: (scale, dx, dy),
    a point at fraction c of the side going to 0.5 + (c - 0.5) * scale + d (frame_boxes)."""
    b = x.shape[0]
    frame = np.tile(np.array([1.0, 0.0, 0.0]), (b, 1))
    pick = (torch.rand(b, generator=gen) < p).numpy()
    if not pick.any() or (zoom <= 0 and move <= 0):
        return x, frame
    k = int(pick.sum())
    span = np.log1p(zoom)
    s = torch.exp((torch.rand(k, generator=gen) * 2 - 1) * span)
    d = (torch.rand(k, 2, generator=gen) * 2 - 1) * move
    # affine_grid maps output to input in [-1, 1] units (2 per side): input = (output - 2d) / s
    theta = torch.zeros(k, 2, 3)
    theta[:, 0, 0] = theta[:, 1, 1] = 1 / s
    theta[:, :, 2] = -2 * d / s[:, None]
    idx = torch.from_numpy(np.flatnonzero(pick))
    grid = F.affine_grid(theta, [k, x.shape[1], x.shape[2], x.shape[3]], align_corners=False)
    x = x.clone()
    x[idx] = F.grid_sample(x[idx], grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    frame[pick, 0], frame[pick, 1:] = s.numpy(), d.numpy()
    return x, frame


def window_crops(faces_hi: np.ndarray, idx: np.ndarray, faces: np.ndarray, gen: torch.Generator, zoom: float,
                 p: float) -> tuple[np.ndarray, np.ndarray]:
    """A share p of the faces (uint8 [B, R, R, 3], rows idx of faces_hi [N, S, S, 3], the same faces
    at S > R) replaced by a square window of faces_hi, magnified by a log-uniform factor in
    [1, 1 + zoom] (the window no smaller than R: nothing is upsampled) and placed anywhere inside
    the face, area-resized to R. Unlike reframe nothing beyond the photo is invented. Returns the
    faces and each face's frame [B, 3] (scale, dx, dy) as reframe's."""
    faces = np.array(faces)
    b, r, big = len(idx), faces.shape[1], faces_hi.shape[1]
    frame = np.tile(np.array([1.0, 0.0, 0.0]), (b, 1))
    u = torch.rand(b, 4, generator=gen).numpy()
    for i in range(b):
        if u[i, 0] >= p:
            continue
        w = max(r, int(round(big / np.exp(u[i, 1] * np.log1p(zoom)))))
        ox, oy = (int(round(v * (big - w))) for v in u[i, 2:])
        faces[i] = cv2.resize(np.ascontiguousarray(faces_hi[idx[i], oy:oy + w, ox:ox + w]), (r, r), interpolation=cv2.INTER_AREA)
        sc = big / w
        frame[i] = (sc, (0.5 - (ox + w / 2) / big) * sc, (0.5 - (oy + w / 2) / big) * sc)
    return faces, frame


def frame_boxes(boxes: list[list[list[float]]], frame: np.ndarray) -> list[list[list[float]]]:
    """Each face's part boxes [cx, cy, w, h] (fractions) moved with its frame from reframe."""
    return [[[0.5 + (cx - 0.5) * s + dx, 0.5 + (cy - 0.5) * s + dy, w * s, h * s] for cx, cy, w, h in parts]
            for parts, (s, dx, dy) in zip(boxes, frame)]


class FaceBatches:
    """Random training batches from the cached faces: float32 [B, 3, R, R] in [-1, 1]."""

    def __init__(self, faces: np.ndarray, jitter: float, seed: int, sources: np.ndarray | None = None, shift: int = 0,
                 zoom: float = 0.0, move: float = 0.0, reframe_p: float = 0.0, faces_hi: np.ndarray | None = None,
                 crop_zoom: float = 0.0, crop_p: float = 0.0):
        self.faces = np.asarray(faces)   # load the whole cache in memory (N*R*R*3 bytes)
        self.faces_hi, self.crop_zoom, self.crop_p = faces_hi, crop_zoom, crop_p
        self.shift = shift
        self.zoom, self.move, self.reframe_p = zoom, move, reframe_p
        self.sources = sources if sources is not None else np.zeros(len(self.faces), np.int64)
        self.jitter = jitter
        self.rng = np.random.default_rng(seed)
        self.gen = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return len(self.faces)

    def sample(self, batch: int) -> torch.Tensor:
        return self.sample_with_sources(batch)[0]

    def sample_with_sources(self, batch: int) -> tuple[torch.Tensor, np.ndarray, np.ndarray]:
        """A batch, the folder index of each face in it and each face's frame (for the part boxes:
        boxes_of, then frame_boxes)."""
        idx = np.sort(self.rng.integers(0, len(self.faces), size=batch))
        faces = self.faces[idx]
        window = np.tile(np.array([1.0, 0.0, 0.0]), (len(idx), 1))
        if self.faces_hi is not None and self.crop_zoom > 0:
            faces, window = window_crops(self.faces_hi, idx, faces, self.gen, self.crop_zoom, self.crop_p)
        x, frame = reframe(to_tensor(faces), self.gen, self.zoom, self.move, self.reframe_p)
        # the window's frame, then reframe's: c -> 0.5 + (c - 0.5) * s1 * s2 + d1 * s2 + d2
        frame = np.stack([window[:, 0] * frame[:, 0], window[:, 1] * frame[:, 0] + frame[:, 1],
                          window[:, 2] * frame[:, 0] + frame[:, 2]], 1)
        return augment(x, self.gen, self.jitter, self.shift), self.sources[idx], frame
