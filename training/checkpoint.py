"""Checkpoints: atomic save, resume, and the compact release checkpoint committed to the repo.

A run checkpoint (`ckpt.pt` in the run folder) holds everything to resume: config, step,
training seconds so far, generator, EMA generator, discriminator and both optimizers. It is
written to a temporary file and renamed, so stopping the process at any moment leaves the
last complete checkpoint in place.

The release checkpoint (`training/checkpoints/isfrnet_r128.pt`, committed) keeps the config,
step, time, and generator, EMA and discriminator weights in float16: enough for a new
machine to resume training (with fresh optimizer moments) and to export the graphs.
"""
from __future__ import annotations

import os
from pathlib import Path

import torch

from .config import Config
from .model import build_discriminator, build_generator
from .model.copy import is_copy_param
from .model.mirror import is_mirror_param


def save_atomic(obj: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def load(path: str | Path) -> dict:
    """A checkpoint file, or a folder of one split by save_split."""
    path = Path(path)
    if path.is_dir():
        ckpt = {}
        for part in sorted(path.glob("part-*.pt")):
            ckpt |= _torch_load(part)
        if not ckpt:
            raise FileNotFoundError(f"{path} holds no part-*.pt of a split checkpoint")
        # a checkpoint packed without the training generator starts it from the EMA
        ckpt.setdefault("g", ckpt["g_ema"])
        return ckpt
    return _torch_load(path)


def _torch_load(path: Path) -> dict:
    # our own files, with config dicts and history beside the tensors: PyTorch 2.6+ would refuse
    # anything but tensors by default (weights_only), and a GPU machine runs a newer PyTorch
    return torch.load(path, map_location="cpu", weights_only=False)


def save_split(ckpt: dict, folder: Path, max_bytes: int = 15_000_000) -> list[Path]:
    """`ckpt` as a few files of at most about max_bytes each (part-0.pt, part-1.pt, ...), one
    top-level entry per file at least, so that it can travel where files are size-limited (the
    GPU machine returns files of up to 16 MiB). Each file is written atomically; load() joins them."""
    folder.mkdir(parents=True, exist_ok=True)
    size = lambda v: (sum(t.numel() * t.element_size() for t in v.values() if torch.is_tensor(t))
                      if isinstance(v, dict) else 0)
    groups, current, used = [], {}, 0
    for key in sorted(ckpt, key=lambda k: -size(ckpt[k])):
        if current and used + size(ckpt[key]) > max_bytes:
            groups.append(current)
            current, used = {}, 0
        current[key] = ckpt[key]
        used += size(ckpt[key])
    groups.append(current)
    for old in folder.glob("part-*.pt"):
        old.unlink()
    paths = [folder / f"part-{i}.pt" for i in range(len(groups))]
    for group, path in zip(groups, paths):
        save_atomic(group, path)
    return paths


def to_release(ckpt: dict) -> dict:
    """Drop optimizer state; store weights in float16 (halves the size)."""
    half = lambda sd: {k: (v.half() if v.is_floating_point() else v) for k, v in sd.items()}
    keep = {k: ckpt[k] for k in ("config", "step", "train_seconds", "history") if k in ckpt}
    parts = {"d_part": half(ckpt["d_part"]), "part_steps": ckpt.get("part_steps", 0)} if "d_part" in ckpt else {}
    return keep | {"g": half(ckpt["g"]), "g_ema": half(ckpt["g_ema"]), "d": half(ckpt["d"]), "release": True} | parts


def float_state(sd: dict) -> dict:
    return {k: (v.float() if v.is_floating_point() else v) for k, v in sd.items()}


def load_new_parts(model: torch.nn.Module, sd: dict) -> list[str]:
    """Loads `sd` into `model`, where the model may have modules the weights predate (the mirror
    convs of model/mirror.py, the mirror copy of model/copy.py): they keep their zero start, so the network computes
    exactly what the old one did until training moves them. Returns the keys that were new."""
    missing, unexpected = model.load_state_dict(sd, strict=False)
    if unexpected or not all(is_mirror_param(k) or is_copy_param(k) for k in missing):
        raise RuntimeError(f"weights do not fit the model: missing {missing}, unexpected {unexpected}")
    return missing


def load_generator(path: str | Path, ema: bool = True):
    """(generator in eval mode with constant noise, Config, checkpoint meta) from any checkpoint."""
    ckpt = load(path)
    cfg = Config.from_dict(ckpt["config"])
    g = build_generator(cfg)
    g.load_state_dict(float_state(ckpt["g_ema" if ema else "g"]))
    g.eval()
    g.prior.set_noise_mode("const")
    meta = {k: ckpt.get(k) for k in ("step", "train_seconds", "history")}
    return g, cfg, meta


def build_all(cfg: Config):
    return build_generator(cfg), build_generator(cfg), build_discriminator(cfg)
