"""face-api's face recognition net (dlib's ResNet-34-like 128-D face descriptor) in PyTorch.

A frozen port for identity and perceptual feature losses: `load_facerec()` reads the TF.js
weights shipped inside the npm package (node_modules/@vladmandic/face-api/model), so the
descriptors match what tools/eval/identity.ts measures (training/tests/test_facerec.py checks
this against face-api itself, via training/facerec_parity.mjs).

The forward pass follows face-api's FaceRecognitionNet.forwardInput (src/faceRecognitionNet/):
  - pad to square (face-api centres the image; padding is black), resize to 150x150 with
    tf.image.resizeBilinear(alignCorners=false, halfPixelCenters=false): the legacy TF resize,
    source = dst * in/out, no half-pixel offset. That is NOT F.interpolate(align_corners=False)
    (which uses half-pixel centres), so it is done here with two interpolation matrices;
  - subtract the mean RGB [122.782, 117.001, 104.298] and divide by 255;
  - 7x7 stride-2 'valid' conv + scale + relu, 3x3 stride-2 'valid' max pool;
  - residual blocks (conv3x3 'same' + scale + relu, conv3x3 'same' + scale, + x, relu);
    down blocks use a 3x3 stride-2 'valid' conv1, a 2x2 average pool on the shortcut, zero
    channels appended to the shortcut, and (when the conv output is one smaller) a zero row and
    column appended at the bottom/right of the residual branch;
  - global average pool, then fc (256 -> 128, no bias). The descriptor is not normalised.
Each conv's bias and the following per-channel scale layer (x * w + b) are folded into the conv
at load time (the same arithmetic up to float rounding).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN_RGB = (122.782, 117.001, 104.298)
INPUT_SIZE = 150
ROOT = Path(__file__).resolve().parents[2]
MODEL_NAME = "face_recognition_model"

# (name, input channels, output channels, is a down block), in face-api's order
BLOCKS = [
    ("conv32_1", 32, 32, False), ("conv32_2", 32, 32, False), ("conv32_3", 32, 32, False),
    ("conv64_down", 32, 64, True), ("conv64_1", 64, 64, False), ("conv64_2", 64, 64, False),
    ("conv64_3", 64, 64, False),
    ("conv128_down", 64, 128, True), ("conv128_1", 128, 128, False), ("conv128_2", 128, 128, False),
    ("conv256_down", 128, 256, True), ("conv256_1", 256, 256, False), ("conv256_2", 256, 256, False),
    ("conv256_down_out", 256, 256, True),
]
# a feature map is returned after these blocks: [32,35,35], [64,17,17], [128,8,8], [256,4,4], [256,2,2]
FEATURE_AFTER = ("conv32_3", "conv64_3", "conv128_2", "conv256_2", "conv256_down_out")


def tf_legacy_resize_matrix(n_in: int, n_out: int) -> torch.Tensor:
    """[n_out, n_in] weights of TF's bilinear resize along one axis with alignCorners=false and
    halfPixelCenters=false (tfjs resizeBilinear's kernel: src = dst * n_in / n_out)."""
    src = np.arange(n_out, dtype=np.float64) * (n_in / n_out)
    lo = np.floor(src).astype(np.int64).clip(0, n_in - 1)
    hi = np.minimum(lo + 1, n_in - 1)
    frac = src - lo
    m = np.zeros((n_out, n_in), np.float64)
    np.add.at(m, (np.arange(n_out), lo), 1 - frac)
    np.add.at(m, (np.arange(n_out), hi), frac)
    return torch.from_numpy(m).float()


class ConvScale(nn.Module):
    """conv (+ bias) followed by face-api's scale layer, folded into one conv."""

    def __init__(self, cin: int, cout: int, k: int, stride: int, padding: int):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, padding)

    def load(self, filters: np.ndarray, bias: np.ndarray, scale_w: np.ndarray, scale_b: np.ndarray):
        w = torch.from_numpy(filters).permute(3, 2, 0, 1)  # [kh,kw,cin,cout] -> [cout,cin,kh,kw]
        sw, sb = torch.from_numpy(scale_w), torch.from_numpy(scale_b)
        with torch.no_grad():
            self.conv.weight.copy_(w * sw[:, None, None, None])
            self.conv.bias.copy_(torch.from_numpy(bias) * sw + sb)

    def forward(self, x):
        return self.conv(x)


class Residual(nn.Module):
    def __init__(self, cin: int, cout: int, down: bool):
        super().__init__()
        self.down = down
        # stride-2 convs are 'valid' in face-api; 3x3 stride-1 'same' is a symmetric pad of 1
        self.conv1 = ConvScale(cin, cout, 3, 2, 0) if down else ConvScale(cin, cout, 3, 1, 1)
        self.conv2 = ConvScale(cout, cout, 3, 1, 1)

    def forward(self, x):
        out = self.conv2(F.relu(self.conv1(x)))
        if not self.down:
            return F.relu(out + x)
        pooled = F.avg_pool2d(x, 2, 2)
        if pooled.shape[-2:] != out.shape[-2:]:  # face-api appends one zero row and column
            out = F.pad(out, (0, 1, 0, 1))
        if pooled.shape[1] != out.shape[1]:
            pooled = torch.cat([pooled, torch.zeros_like(pooled)], 1)
        return F.relu(pooled + out)


class FaceRecNet(nn.Module):
    """images [B,3,H,W] RGB in [-1,1] -> (descriptor [B,128], features: 5 maps
    [B,32,35,35], [B,64,17,17], [B,128,8,8], [B,256,4,4], [B,256,2,2]). Differentiable."""

    def __init__(self):
        super().__init__()
        self.conv32_down = ConvScale(3, 32, 7, 2, 0)
        self.blocks = nn.ModuleDict({name: Residual(cin, cout, down) for name, cin, cout, down in BLOCKS})
        self.fc = nn.Linear(256, 128, bias=False)
        self.register_buffer("mean", torch.tensor(MEAN_RGB).view(1, 3, 1, 1), persistent=False)
        self._resize: dict = {}

    def _resize_matrix(self, n: int, ref: torch.Tensor) -> torch.Tensor:
        key = (n, ref.device, ref.dtype)
        if key not in self._resize:
            self._resize[key] = tf_legacy_resize_matrix(n, INPUT_SIZE).to(ref.device, ref.dtype)
        return self._resize[key]

    def preprocess(self, images: torch.Tensor) -> torch.Tensor:
        """[-1,1] images -> face-api's normalised 150x150 net input."""
        x = (images + 1) * 127.5  # pixel values 0..255
        h, w = x.shape[-2:]
        if h != w:  # face-api's padToSquare(isCenterImage=true): zeros, round(d/2) after, rest before
            d = abs(h - w)
            after = int(np.round(d * 0.5))
            before = d - after
            x = F.pad(x, (before, after, 0, 0) if h > w else (0, 0, before, after))
        n = x.shape[-1]
        if n != INPUT_SIZE:
            r = self._resize_matrix(n, x)
            x = torch.einsum("oh,bchw,pw->bcop", r, x, r)
        return (x - self.mean) / 255

    def forward(self, images: torch.Tensor):
        x = F.relu(self.conv32_down(self.preprocess(images)))
        x = F.max_pool2d(x, 3, 2)
        features = []
        for name, block in self.blocks.items():
            x = block(x)
            if name in FEATURE_AFTER:
                features.append(x)
        return self.fc(x.mean((2, 3))), features


def default_model_dir() -> Path:
    """face-api's model folder in node_modules, or FACEREC_DIR where no node_modules is (a GPU
    machine gets only the recognition net's two files: training/device_bundle.py)."""
    env = os.environ.get("FACEREC_DIR")
    return Path(env) if env else ROOT / "node_modules/@vladmandic/face-api/model"


def read_tfjs_weights(model_dir: Path, name: str = MODEL_NAME) -> dict[str, np.ndarray]:
    """A TF.js weights manifest and its shards -> {name: float32 array in TF layout}."""
    manifest = json.loads((model_dir / f"{name}-weights_manifest.json").read_text())
    out = {}
    for group in manifest:
        data = b"".join((model_dir / p).read_bytes() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            shape, count = spec["shape"], int(np.prod(spec["shape"], dtype=np.int64))
            q = spec.get("quantization")
            dtype = np.dtype((q or spec)["dtype"]).newbyteorder("<")
            raw = np.frombuffer(data, dtype, count, offset)
            offset += count * dtype.itemsize
            if q and q["dtype"] in ("uint8", "uint16"):
                values = raw.astype(np.float32) * np.float32(q["scale"]) + np.float32(q["min"])
            else:  # float32, or float16 quantisation (stored as halves)
                values = raw.astype(np.float32)
            if spec["dtype"] != "float32":
                raise ValueError(f"{spec['name']}: unexpected dtype {spec['dtype']}")
            out[spec["name"]] = values.reshape(shape)
        if offset != len(data):
            raise ValueError(f"{model_dir}: {len(data) - offset} bytes left over in {group['paths']}")
    return out


def load_facerec(model_dir: str | Path | None = None) -> FaceRecNet:
    """The net with face-api's weights, in eval mode, every parameter frozen."""
    model_dir = Path(model_dir) if model_dir else default_model_dir()
    manifest = model_dir / f"{MODEL_NAME}-weights_manifest.json"
    if not manifest.exists():
        raise FileNotFoundError(
            f"{manifest} not found: face-api's weights come from its npm package; run `npm ci` in {ROOT}")
    w = read_tfjs_weights(model_dir)

    def conv(layer: ConvScale, prefix: str):
        layer.load(w[f"{prefix}/conv/filters"], w[f"{prefix}/conv/bias"],
                   w[f"{prefix}/scale/weights"], w[f"{prefix}/scale/biases"])

    net = FaceRecNet()
    conv(net.conv32_down, "conv32_down")
    for name, block in net.blocks.items():
        conv(block.conv1, f"{name}/conv1")
        conv(block.conv2, f"{name}/conv2")
    with torch.no_grad():
        net.fc.weight.copy_(torch.from_numpy(w["fc"]).t())  # TF [256,128] used as x @ fc
    return net.eval().requires_grad_(False)


if __name__ == "__main__":  # forward+backward timing: python -m training.model.facerec [threads]
    import sys
    import time

    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    net = load_facerec()
    x = torch.rand(8, 3, 128, 128) * 2 - 1
    times = []
    for _ in range(4):
        xi = x.clone().requires_grad_(True)
        t = time.perf_counter()
        d, feats = net(xi)
        (d.square().sum() + sum(f.mean() for f in feats)).backward()
        times.append(time.perf_counter() - t)
    print(f"batch 8 at 128x128, {torch.get_num_threads()} threads: forward+backward "
          f"{min(times[1:]) * 1000:.0f} ms (min of 3 after a warm-up), shapes "
          f"{[tuple(f.shape) for f in feats]}")
