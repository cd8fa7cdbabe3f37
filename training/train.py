"""Train ISFRNet: all three stages, each supervised on its own output, resumable at any moment.

    /usr/bin/python3 -m training.train                       # train or resume ~/isfrnet-runs/r128
    /usr/bin/python3 -m training.train --init training/checkpoints/isfrnet_r128.pt   # start from the committed weights
    /usr/bin/python3 -m training.train --set train.batch=16 --set data.resolution=256 --run-dir runs/r256
    torchrun --nproc_per_node 4 -m training.train ...       # several GPUs (PyTorch DDP)
    /usr/bin/python3 -m training.train --data /data/faces --run-dir /out/run --set train.batch=64   # a GPU machine

The device is chosen automatically (CUDA when there is one); the checkpoint and log go to the run
folder, which is all there is to collect from a remote machine.

Each step: a batch of cached faces, procedural masks and latents z; every face appears twice
with two different z (the mode-seeking pairs). The three stages run with known pixels
composited back between them (stage inputs are detached, so each stage learns from its own
loss, as if the earlier one were pre-trained). Per stage: L1 on known pixels, L1 in the hole
at full resolution (stages 1-2 only, small) and at 1/4 resolution, (1 - SSIM) of the
composite and mode seeking between the two z. After `adv_start` steps the final composite
also gets a mask-aware patch-GAN loss (R1 penalty, DiffAugment), discriminator feature
matching, and when weighted, identity and face-feature terms from the frozen face
recognition net (training/model/facerec.py). See LossConfig for the weights.
An EMA of the generator is what gets evaluated and exported. Logs are JSON lines
(log.jsonl in the run folder); checkpoints are atomic and written every few minutes and
on SIGTERM/SIGINT.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import queue
import signal
import threading
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F

from . import losses
from .checkpoint import build_all, float_state, load, load_new_parts, save_atomic, save_split, to_release
from .model import build_discriminator, build_part_discriminator
from .model.copy import is_copy_param
from .model.mirror import is_mirror_param
from .config import Config
from .data import FaceBatches, boxes_of, cached_faces, folder_index, frame_boxes
from .masks import MaskBank, add_painted_regions, add_part_holes


# What training did before a config field existed, where that is not the field's default.
PREDATES = {"data": {"part_hole_p": 0.0, "painted_p": 0.0, "edge_p": 0.0}, "loss": {"detail_oriented": False, "detail_aniso": 0.0, "detail_whole": 0.0}}


def judged_hole(mask: torch.Tensor, free: torch.Tensor | None) -> torch.Tensor:
    """The hole less the painted parts that loss.free_parts leaves to the realism terms."""
    return mask if free is None else mask * (1 - free)


def judged_image(comp: torch.Tensor, target: torch.Tensor, free: torch.Tensor | None) -> torch.Tensor:
    """The composite as the terms that compare it with the photo see it under loss.free_parts_features:
    the painted parts filled with the truth, so those terms ask nothing of them."""
    return comp if free is None else comp * (1 - free) + target * free


def copy_teach_loss(gate: torch.Tensor, mask: torch.Tensor, painted: torch.Tensor, one_eye: torch.Tensor,
                    both_eyes: torch.Tensor | None = None) -> torch.Tensor:
    """loss.copy_teach: the mirror copy's gate [B,1,R,R] taught to be open over a painted single eye
    and shut in the rest of the holes, a binary cross-entropy averaged over each group and added
    (0 for one that is empty): the single eyes, the other painted parts (both eyes, the mouth) and
    the other holes (random and painted regions); with `both_eyes`, both-eye holes are a group of
    their own, apart from the mouths. Taught only over the painted parts, the gate stood at 0.15 in
    the evaluation's random holes at 72,000 (-1 dB on 20-40% holes); with the painted parts and the
    other holes as one group, the far more numerous random holes' pixels drowned the both-eye holes,
    and the gate opened over both eyes too (0.42 at 72,386). Sharing a group with the mouths (shut
    already, so little to learn there), both-eye holes stood at 0.33 (raw) at 78,000 with the teach
    at 10 (JOURNAL 2026-12-05, fifth session)."""
    bce = F.binary_cross_entropy(gate.clamp(1e-6, 1 - 1e-6), one_eye, reduction="none")
    both = torch.zeros_like(one_eye) if both_eyes is None else both_eyes   # none: an empty group, adds 0
    groups = (one_eye, both, painted * (1 - one_eye) * (1 - both), mask * (1 - painted))
    return sum((bce * w).sum() / w.sum().clamp(min=1.0) for w in groups)


def stage_loss(raw, comp, target, mask, lc, hole_l1: float, free=None) -> torch.Tensor:
    """free: painted parts where the full-resolution L1, the chroma L1 and SSIM ask nothing (loss.free_parts)."""
    return (losses.masked_l1(raw, target, mask, hole_l1, lc.valid_l1, free)
            + lc.lowres_l1 * losses.lowres_hole_l1(raw, target, judged_hole(mask, free) if lc.free_parts_lowres else mask,
                                                   lc.lowres_factor)
            + lc.chroma_l1 * losses.chroma_hole_l1(raw, target, judged_hole(mask, free), lc.chroma_factor)
            + lc.ssim * (1 - losses.ssim(comp, target, free=free)).mean())


def new_module(key: str) -> str:
    """The module a new parameter belongs to: its path up to the first mirror_* or copy_* name."""
    names = key.split(".")
    first = next(i for i, n in enumerate(names) if is_mirror_param(n + ".") or is_copy_param(n + "."))
    return ".".join(names[: first + 1])


def load_matching_groups(opt: torch.optim.Optimizer, saved: dict) -> int:
    """Loads a saved optimizer state group by group, as far as the groups still hold the same
    number of parameters; a group added since (a new module's) keeps its fresh state. Returns how
    many groups were loaded from `saved`."""
    n = 0
    for own, old in zip(opt.param_groups, saved["param_groups"]):
        if len(own["params"]) != len(old["params"]):
            break
        n += 1
    if n == len(opt.param_groups) == len(saved["param_groups"]):
        opt.load_state_dict(saved)
        return n
    for own, old in zip(opt.param_groups[:n], saved["param_groups"][:n]):
        for p, i in zip(own["params"], old["params"]):
            if i in saved["state"]:
                opt.state[p] = {k: v.clone() if torch.is_tensor(v) else v for k, v in saved["state"][i].items()}
    return n


def face_terms(facerec, fake: torch.Tensor, real: torch.Tensor, lc) -> dict[str, torch.Tensor]:
    """Identity (1 - cosine of descriptors) and face-feature L1 (per layer normalised)."""
    fd, ff = facerec(fake)
    with torch.no_grad():
        rd, rf = facerec(real)
    out = {}
    if lc.identity > 0:
        out["id"] = lc.identity * (1 - F.cosine_similarity(fd, rd, dim=1)).mean()
    if lc.face_feat > 0:
        out["ff"] = lc.face_feat * losses.feature_matching(ff, rf)
    return out


def generator_gan_terms(disc, disc_train, fake, real, mask, adv_w: float, fm_w: float, judged=None):
    """The generator's adversarial loss on the hole patches and feature matching against the real
    image, from one discriminator (frozen meanwhile: its update is discriminator_step). judged: what
    feature matching sees instead of `fake` (judged_image), at the cost of a second forward."""
    disc.requires_grad_(False)
    fake_logits, fake_feats = disc_train(fake, mask)
    if judged is not None:
        _, fake_feats = disc_train(judged, mask)
    with torch.no_grad():
        _, real_feats = disc_train(real, mask)
    disc.requires_grad_(True)
    adv = adv_w * losses.g_adv_loss_masked(fake_logits, losses.logit_mask(mask, fake_logits))
    return adv, fm_w * losses.feature_matching(fake_feats, real_feats)


def discriminator_step(disc, opt, real, m_real, fake, m_fake, lc, r1: bool):
    """One update of a mask-aware discriminator (the whole-face one or the part one): only the hole
    patches of a composite are fake; with `r1`, the lazy R1 penalty on the real images.
    Returns (its GAN loss, the R1 term or None), detached for the log."""
    if r1:
        real = real.detach().requires_grad_(True)
    real_logits, _ = disc(real, m_real)
    fake_logits, _ = disc(fake, m_fake)
    loss = losses.d_loss_masked(real_logits, fake_logits, losses.logit_mask(m_fake, fake_logits))
    total, penalty = loss, None
    if r1:
        penalty = losses.r1_penalty(real_logits, real)
        total = total + 0.5 * lc.r1 * lc.r1_every * penalty
    opt.zero_grad(set_to_none=True)
    total.backward()
    opt.step()
    return loss.detach(), (penalty.detach() if penalty is not None else None)


@torch.no_grad()
def ema_update(ema: torch.nn.Module, model: torch.nn.Module, decay: float) -> None:
    pe, pm = list(ema.parameters()), list(model.parameters())
    if hasattr(torch, "_foreach_lerp_"):     # one kernel for all, not one per tensor (a GPU's launches)
        torch._foreach_lerp_(pe, pm, 1 - decay)
    else:
        for a, b in zip(pe, pm):
            a.lerp_(b, 1 - decay)
    for be, bm in zip(ema.buffers(), model.buffers()):
        be.copy_(bm)


class ThreadGovernor:
    """Drops to one thread while another process competes for the cores, and tries again later.

    On a shared 2-core machine, two OpenMP threads that wait on each other at every barrier
    lose badly once a third busy process appears: the step time grows many times over. One
    thread keeps going at about half speed instead. Every `window` steps the mean step time
    (throughput, which a few stalled steps ruin) is compared with the best seen at that thread count.
    """

    def __init__(self, max_threads: int, window: int, retry_steps: int = 100):
        self.max, self.current, self.window, self.retry = max_threads, max_threads, window, retry_steps
        self.times: list[float] = []
        self.best: dict[int, float] = {}
        self.retry_at = 0
        self.left_at: float | None = None  # the mean step time that made it drop to one thread
        torch.set_num_threads(self.current)

    def _set(self, n: int) -> None:
        self.current = n
        torch.set_num_threads(n)
        self.times = []

    def observe(self, seconds: float, step: int) -> None:
        self.times.append(seconds)
        if len(self.times) < self.window:
            return
        mean = float(np.mean(self.times))
        self.times = []
        best = self.best.setdefault(self.current, mean)
        self.best[self.current] = min(best, mean)
        if self.current > 1 and mean > 1.6 * best:
            self.left_at = mean
            self._set(1)
            self.retry_at = step + self.retry
        elif self.current == 1 and self.max > 1:
            if self.left_at is not None and mean >= self.left_at:
                # one thread is no faster than the slow window was: the machine got slower (a VM's
                # speed changes over a day), nothing competes; that window is the new normal
                self.best[self.max] = self.left_at
                self._set(self.max)
            elif step >= self.retry_at:
                self._set(self.max)


class Prefetch:
    """Makes the next batches in background threads while the GPU trains on this one: on a
    GPU the masks (cv2 drawing) and the face augmentation would otherwise leave it idle between
    steps (150 ms for 64 faces on one core here). numpy, cv2 and torch release the GIL, so
    threads work; each maker has its own random generators. Not used on the CPU, where the
    cores are all busy training."""

    def __init__(self, makers: list, depth: int = 8):
        self.q: queue.Queue = queue.Queue(depth)
        self.error = None
        for make in makers:
            threading.Thread(target=self._run, args=(make,), daemon=True).start()

    def _run(self, make):
        try:
            while True:
                self.q.put(make())
        except BaseException as e:   # handed to the training loop, which raises it
            self.error = e
            self.q.put(None)

    def __call__(self):
        item = self.q.get()
        if item is None:
            raise RuntimeError("the batch thread failed") from self.error
        return item


def setup_distributed():
    """(rank, world, device). Works unchanged under torchrun; single process otherwise."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0))) if torch.cuda.is_available() else torch.device("cpu")
    if world > 1:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        if device.type == "cuda":
            torch.cuda.set_device(device)
        return dist.get_rank(), world, device
    return 0, 1, device


def train(cfg: Config, init: str | None = None, max_steps: int | None = None, quiet: bool = False,
          exit_after_eval: bool = False, max_seconds: float | None = None, pack_to: str | None = None) -> dict:
    """`max_seconds`: stop (and save) after this much wall-clock time, a GPU lease being timed.
    `pack_to`: at each save also write the release form of the checkpoint there, split into
    files small enough to be collected from a remote machine (checkpoint.save_split)."""
    started = time.time()
    rank, world, device = setup_distributed()
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    tc, lc = cfg.train, cfg.loss
    torch.set_num_threads(tc.threads)
    run = Path(tc.run_dir)
    ckpt_path = run / "ckpt.pt"
    if rank == 0:
        run.mkdir(parents=True, exist_ok=True)
        (run / "config.json").write_text(json.dumps(cfg.to_dict(), indent=2))

    g, g_ema, d = build_all(cfg)
    use_parts = lc.part_adv > 0 or lc.part_fm > 0
    d_part = build_part_discriminator(cfg) if use_parts else None
    opt_dp = torch.optim.Adam(d_part.parameters(), lr=tc.d_lr, betas=(0.5, 0.99)) if use_parts else None
    part_steps = 0                       # steps the part discriminator has trained (its warm-up)
    # the mirror convs (model/mirror.py) and the mirror copy (model/copy.py) start at zero and
    # get their own, higher rates; their groups come last, so older checkpoints' groups still line up
    mirror_params = [p for n, p in g.named_parameters() if is_mirror_param(n)]
    copy_params = [p for n, p in g.named_parameters() if is_copy_param(n)]
    groups = [{"params": [p for n, p in g.named_parameters() if not (is_mirror_param(n) or is_copy_param(n))], "lr_mult": 1.0}]
    if mirror_params:
        groups.append({"params": mirror_params, "lr_mult": tc.mirror_lr_mult})
    if copy_params:
        groups.append({"params": copy_params, "lr_mult": tc.copy_lr_mult})
    lr_mults = [gr["lr_mult"] for gr in groups]
    opt_g = torch.optim.Adam([dict(gr, lr=tc.lr * gr["lr_mult"]) for gr in groups], lr=tc.lr, betas=(0.9, 0.99))
    opt_d = torch.optim.Adam(d.parameters(), lr=tc.d_lr, betas=(0.5, 0.99))
    step, seconds, history = 0, 0.0, []
    source = ckpt_path if ckpt_path.exists() else (Path(init) if init else None)
    if source:
        ck = load(source)
        new_parts = load_new_parts(g, float_state(ck["g"]))
        load_new_parts(g_ema, float_state(ck["g_ema"]))
        d.load_state_dict(float_state(ck["d"]))
        step, seconds, history = ck["step"], ck.get("train_seconds", 0.0), ck.get("history", [])
        entry = {"resumed_from": str(source), "step": step, "lr": tc.lr, "d_lr": tc.d_lr}
        # a resume may change the recipe (--set loss.x=...): the history keeps each phase's changes
        for group in ("loss", "model", "data"):
            old = ck.get("config", {}).get(group, {})
            # a field the checkpoint predates counts as changed when it differs from what the code did
            # before the field existed: its default, or the value in PREDATES
            default = Config().to_dict()[group] | PREDATES.get(group, {})
            changed = {k: v for k, v in cfg.to_dict()[group].items() if old.get(k, default.get(k)) != v}
            if changed:
                entry[f"{group}_changes"] = changed
        if new_parts:
            entry["new_modules"] = sorted({new_module(k) for k in new_parts})
        if mirror_params:
            entry["mirror_lr_mult"] = tc.mirror_lr_mult
        if copy_params:
            entry["copy_lr_mult"] = tc.copy_lr_mult
        if "opt_g" in ck:
            # new modules start their Adam moments afresh; the groups they do not touch keep theirs
            kept = load_matching_groups(opt_g, ck["opt_g"])
            if kept < len(opt_g.param_groups):
                entry["opt_g_groups_kept"] = kept
        if "opt_g" in ck:
            entry["lr_before"] = ck["opt_g"]["param_groups"][0]["lr"]
        if "opt_d" in ck:
            opt_d.load_state_dict(ck["opt_d"])
        # the config, not the saved optimizer, sets the learning rates, so that
        # `--set train.lr=...` on a resume starts a lower-rate phase of the same run
        # (the multiples too: a saved optimizer carries the multiple it was built with)
        for group, mult in zip(opt_g.param_groups, lr_mults):
            group["lr_mult"], group["lr"] = mult, tc.lr * mult
        for group in opt_d.param_groups:
            group["lr"] = tc.d_lr
        own = d_part.state_dict() if use_parts else {}
        part_fits = use_parts and "d_part" in ck and own.keys() == ck["d_part"].keys() and all(
            v.shape == ck["d_part"][k].shape for k, v in own.items())
        if use_parts and "d_part" in ck and not part_fits:
            entry["part_disc_fresh"] = True        # model.part_disc_*: a new part discriminator, warm-up again
        if part_fits:
            d_part.load_state_dict(float_state(ck["d_part"]))
            part_steps = ck.get("part_steps", 0)
            if "opt_dp" in ck:
                opt_dp.load_state_dict(ck["opt_dp"])
                for group in opt_dp.param_groups:
                    group["lr"] = tc.d_lr
        history = history + [entry]
    g, g_ema, d = g.to(device), g_ema.to(device).eval(), d.to(device)
    # the loaded Adam moments were made on the CPU, beside the parameters that .to() has just moved
    for opt in (opt_g, opt_d) + ((opt_dp,) if use_parts else ()):
        for st in opt.state.values():
            for k, v in st.items():
                if torch.is_tensor(v) and k != "step":
                    st[k] = v.to(device)
    # The exported graphs use the fixed noise buffer; training with it too means the two z of a
    # mode-seeking pair differ by z alone (fresh noise would hand them a difference for free that
    # the shipped graphs do not have).
    for model in (g, g_ema):
        model.prior.set_noise_mode(tc.noise_mode)
    if use_parts:
        d_part = d_part.to(device)
    g_train, d_train, dp_train = g, d, d_part
    seen_gate = {}              # the mirror copy's gate of the latest forward (loss.copy_teach)
    if lc.copy_teach > 0:
        assert g.refine.copy_attn is not None, "loss.copy_teach needs model.copy"
        g.refine.copy_attn.register_forward_hook(lambda mod, args, out: seen_gate.update(gate=out[2]))
    if world > 1:
        g_train = torch.nn.parallel.DistributedDataParallel(g)
        d_train = torch.nn.parallel.DistributedDataParallel(d)
        if use_parts:
            dp_train = torch.nn.parallel.DistributedDataParallel(d_part)

    face_array = np.asarray(cached_faces(cfg.data.train_dirs, cfg.data.resolution, cfg.data.cache_dir))
    faces_hi = (np.asarray(cached_faces(cfg.data.train_dirs, round(cfg.data.crop_source * cfg.data.resolution), cfg.data.cache_dir))
                if cfg.data.crop_zoom > 0 else None)
    sources = folder_index(cfg.data.train_dirs)
    masks = MaskBank(cfg.data.cache_dir, cfg.data.mask_bank, cfg.data.resolution, cfg.data.min_hole, cfg.data.max_hole)

    stop = {"now": False}
    def on_signal(signum, frame):
        stop["now"] = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def save():
        if rank != 0:
            return
        parts_state = {"d_part": d_part.state_dict(), "opt_dp": opt_dp.state_dict(), "part_steps": part_steps} if use_parts else {}
        ckpt = {"config": cfg.to_dict(), "step": step, "train_seconds": seconds, "history": history,
                "g": g.state_dict(), "g_ema": g_ema.state_dict(), "d": d.state_dict(),
                "opt_g": opt_g.state_dict(), "opt_d": opt_d.state_dict()} | parts_state
        save_atomic(ckpt, ckpt_path)
        if pack_to:
            cpu = lambda sd: {k: v.cpu() for k, v in sd.items()}
            release = to_release({k: (cpu(v) if k in ("g", "g_ema", "d", "d_part") else v) for k, v in ckpt.items()})
            save_split(release | {"opt_d": ckpt["opt_d"]} | ({"opt_dp": ckpt["opt_dp"]} if use_parts else {}), Path(pack_to))

    log = open(run / "log.jsonl", "a") if rank == 0 else None
    threads = ThreadGovernor(tc.threads, tc.log_every)
    last_save, acc, t_log, n_steps = time.time(), {}, time.time(), 0
    end = step + (max_steps if max_steps is not None else tc.steps)
    totals = []
    facerec = None
    if lc.identity > 0 or lc.face_feat > 0:
        from .model.facerec import load_facerec
        facerec = load_facerec().to(device)
    aug_gen = torch.Generator().manual_seed(tc.seed + step + 1000 * rank)
    aug = (lambda ts: losses.diff_augment(ts, aug_gen)) if lc.diffaug else (lambda ts: ts)
    half = tc.batch // 2

    def batch_maker(k: int):
        """The k-th source of batches, with its own generators (k = 0: the single one on a CPU)."""
        faces = FaceBatches(face_array, cfg.data.jitter, tc.seed + step + rank + 7919 * k, sources, cfg.data.shift,
                            cfg.data.zoom, cfg.data.move, cfg.data.reframe_p, faces_hi, cfg.data.crop_zoom, cfg.data.crop_p)
        rng = np.random.default_rng(tc.seed + step * 7 + rank + 104_729 * k)

        def make():
            x, src, frame = faces.sample_with_sources(half)
            boxes = frame_boxes(boxes_of(src, cfg.data.train_dirs, cfg.data.part_boxes), frame)
            m = masks.sample(rng, half)
            if cfg.data.painted_p > 0:
                add_painted_regions(m, rng, cfg.data.painted_p, cfg.data.edge_p)
            parts, one_eye, both_eyes = np.zeros_like(m), np.zeros_like(m), np.zeros_like(m)
            if cfg.data.part_hole_p > 0:
                add_part_holes(m, boxes, rng, cfg.data.part_hole_p, parts, one_eye, both_eyes)
            return (x, boxes, torch.from_numpy(m), torch.from_numpy(parts), torch.from_numpy(one_eye),
                    torch.from_numpy(both_eyes))
        return make

    threads_for_batches = tc.batch_threads if tc.batch_threads >= 0 else (6 if device.type == "cuda" else 0)
    next_batch = Prefetch([batch_maker(k) for k in range(threads_for_batches)]) if threads_for_batches else batch_maker(0)
    while step < end and not stop["now"]:
        t0 = time.time()
        # each face twice, with two z: the mode-seeking pairs
        x, boxes, m, painted_parts, one_eye, both_eyes = next_batch()
        x = x.to(device, non_blocking=True).repeat(2, 1, 1, 1)
        m = m.to(device, non_blocking=True).repeat(2, 1, 1, 1)
        painted = painted_parts.to(device, non_blocking=True).repeat(2, 1, 1, 1)
        free = painted if lc.free_parts else None
        z = torch.randn(2 * half, cfg.model.z_dim, device=device)
        o = g_train(x, m, z)
        parts = {
            "prior": stage_loss(o.prior, o.prior_composite, x, m, lc, lc.hole_l1),
            "structure": stage_loss(o.structure, o.structure_composite, x, m, lc, lc.hole_l1),
            "refine": stage_loss(o.output, o.output_composite, x, m, lc, lc.refine_hole_l1, free),
        }
        loss = sum(parts.values())
        # reconstruction only: comparable before and after adv_start. Kept as tensors, and the
        # log's sums too: a float() per step would make the CPU wait for the GPU at every step
        totals.append(loss.detach())
        if lc.detail > 0:
            parts["detail"] = lc.detail * losses.detail_loss(o.output_composite, x, judged_hole(m, free), oriented=lc.detail_oriented,
                                                             aniso=lc.detail_aniso, whole=lc.detail_whole)
            loss = loss + parts["detail"]
        if lc.part_moments > 0:
            parts["moments"] = lc.part_moments * losses.region_moments_l1(o.output_composite, x, painted * m)
            loss = loss + parts["moments"]
        if lc.copy_teach > 0:
            # where the copy's rules shut the gate (its mirror image painted too, a hole far larger than
            # an eye) a single eye is not taught open: nothing there could open it
            one = one_eye.to(device, non_blocking=True).repeat(2, 1, 1, 1)
            one = one * (g.refine.copy_attn.allowed(m) >= 0.5).float()
            parts["copy_teach"] = lc.copy_teach * copy_teach_loss(
                seen_gate["gate"], m, painted, one, both_eyes.to(device, non_blocking=True).repeat(2, 1, 1, 1))
            loss = loss + parts["copy_teach"]
        if lc.refine_follow > 0:
            parts["follow"] = lc.refine_follow * losses.deep_follow_l1(o.output_composite, o.structure_composite.detach(), m,
                                                                       lc.refine_follow_depth, lc.refine_follow_factor)
            loss = loss + parts["follow"]
        if lc.mode_seek > 0:
            za, zb = z[:half], z[half:]
            ms = [losses.mode_seeking(t[:half], t[half:], za, zb, m[:half], lc.mode_seek_tau)
                  for t in (o.prior, o.structure, o.output)]
            parts["ms"] = lc.mode_seek * sum(w * v for w, v in zip(lc.mode_seek_stages, ms))
            for name, v in zip(("div_prior", "div_structure", "div"), ms):
                parts[name] = -v.detach()          # logged: each stage's d_img / d_z (capped at tau)
            loss = loss + parts["ms"]
        use_gan = step >= lc.adv_start and (lc.adv > 0 or lc.feat_match > 0)
        if use_gan:
            parts["adv"], parts["fm"] = generator_gan_terms(d, d_train, *aug([o.output_composite, x, m]), lc.adv, lc.feat_match)
            loss = loss + parts["adv"] + parts["fm"]
        use_part_g = use_parts and use_gan and part_steps >= lc.part_warmup
        if use_parts and use_gan:
            rois_half = losses.part_rois(boxes, cfg.data.resolution)
            n_rois = len(rois_half)
            rois = torch.cat([rois_half, rois_half + torch.tensor([half, 0, 0, 0, 0.0])])   # the z pairs share boxes
        judged = judged_image(o.output_composite, x, free) if lc.free_parts_features else None
        if use_part_g:
            seen = [o.output_composite, x, m] + ([judged] if judged is not None else [])
            crops = aug([losses.part_crops(t, rois, lc.part_size) for t in seen])
            parts["part_adv"], parts["part_fm"] = generator_gan_terms(d_part, dp_train, *crops[:3], lc.part_adv, lc.part_fm,
                                                                      crops[3] if judged is not None else None)
            loss = loss + parts["part_adv"] + parts["part_fm"]
        if facerec is not None and use_gan:
            for k, v in face_terms(facerec, o.output_composite if judged is None else judged, x, lc).items():
                parts[k] = v
                loss = loss + v
        opt_g.zero_grad(set_to_none=True)
        loss.backward()
        opt_g.step()
        if use_gan:
            fake_a, m_fa = aug([o.output_composite.detach(), m])
            real_a, m_ra = aug([x[:half], m[:half]])        # the second half repeats the first
            r1 = lc.r1 > 0 and step % lc.r1_every == 0
            parts["d"], r1_value = discriminator_step(d_train, opt_d, real_a, m_ra, fake_a, m_fa, lc, r1)
            if r1:
                parts["r1"] = r1_value
        if use_parts and use_gan:
            fake_p, m_fp = aug([losses.part_crops(t, rois, lc.part_size) for t in (o.output_composite.detach(), m)])
            real_p, m_rp = aug([losses.part_crops(t, rois[:n_rois], lc.part_size) for t in (x, m)])
            parts["d_part"], r1_value = discriminator_step(dp_train, opt_dp, real_p, m_rp, fake_p, m_fp, lc, r1)
            if r1:
                parts["r1_part"] = r1_value
            part_steps += 1
        ema_update(g_ema, g, min(tc.ema, (1 + step) / (10 + step)))
        step += 1
        seconds += time.time() - t0
        threads.observe(time.time() - t0, step)
        for k, v in parts.items():         # (sum, count): r1 is only computed every r1_every steps
            total, count = acc.get(k, (0.0, 0))
            acc[k] = (total + v.detach(), count + 1)
        n_steps += 1
        if step % tc.log_every == 0 and rank == 0:
            row = {"step": step, "train_seconds": round(seconds, 1), "s_per_step": round((time.time() - t_log) / n_steps, 3),
                   "threads": threads.current, "lr": opt_g.param_groups[0]["lr"]}
            row |= {k: round(float(v) / c, 5) for k, (v, c) in acc.items()}
            n_steps = 0
            log.write(json.dumps(row) + "\n"); log.flush()
            if not quiet:
                print(json.dumps(row), flush=True)
            acc, t_log = {}, time.time()
        if tc.eval_every and step % tc.eval_every == 0 and rank == 0:
            quick_eval(g_ema, cfg, step, seconds, log, quiet)
            # a process here runs 1.4-1.9x slower after its first evaluation (cause not found: README),
            # so a resume loop restarts it after each one instead of on a timer
            stop["now"] = stop["now"] or exit_after_eval
        if max_seconds is not None and time.time() - started > max_seconds:
            stop["now"] = True
        if time.time() - last_save > tc.save_every_s:
            save(); last_save = time.time()
    save()
    if log:
        log.close()
    return {"step": step, "losses": [float(t) for t in totals], "lr": opt_g.param_groups[0]["lr"], "d_lr": opt_d.param_groups[0]["lr"]}


def quick_eval(g_ema, cfg: Config, step: int, seconds: float, log, quiet: bool) -> None:
    """Score the EMA generator on the first eval_n faces per bucket (no baselines: they are fixed)."""
    from .evaluate import evaluate
    if not Path(cfg.data.eval_dir).exists():
        return
    g_ema.prior.set_noise_mode("const")
    for r in evaluate(g_ema, cfg, cfg.train.eval_n, buckets=("20-40", "40-60", "painted", "edge"), baselines=False):
        row = {"eval": True, "step": step, "train_seconds": round(seconds, 1)} | r
        log.write(json.dumps(row) + "\n"); log.flush()
        if not quiet:
            print(json.dumps(row), flush=True)
    g_ema.prior.set_noise_mode(cfg.train.noise_mode)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run-dir", help="run folder (default: config train.run_dir)")
    ap.add_argument("--init", help="checkpoint to start from when the run folder has none (e.g. the committed one)")
    ap.add_argument("--set", action="append", default=[], metavar="GROUP.FIELD=VALUE")
    ap.add_argument("--steps", type=int, help="stop after this many more steps")
    ap.add_argument("--exit-after-eval", action="store_true", help="save and exit after the next in-training evaluation")
    ap.add_argument("--data", action="append", metavar="DIR", help="a folder of training faces (repeat for several; default: the shared data)")
    ap.add_argument("--eval-data", metavar="DIR", help="the evaluation faces for the in-training quick evaluation")
    ap.add_argument("--seconds", type=float, help="stop and save after this many seconds of wall-clock time")
    ap.add_argument("--pack-to", metavar="DIR", help="also write each checkpoint there in release form, split into "
                    "files of at most 15 MB (what a remote machine can hand back); --init reads such a folder")
    args = ap.parse_args()
    cfg = Config()
    run_dir = Path(args.run_dir or cfg.train.run_dir)
    if (run_dir / "config.json").exists():          # resuming: the run's own config comes first
        cfg = Config.from_dict(json.loads((run_dir / "config.json").read_text()))
    elif args.init:
        # a new run from existing weights: their architecture and data, this code's losses and training settings
        init_cfg = Config.from_dict(load(args.init)["config"])
        cfg.model, cfg.data = init_cfg.model, init_cfg.data
    cfg.override(args.set)
    cfg.train.run_dir = str(run_dir)
    if args.data:
        cfg.data.train_dirs = [str(Path(d).resolve()) for d in args.data]
    if args.eval_data:
        cfg.data.eval_dir = str(Path(args.eval_data).resolve())
    train(cfg, init=args.init, max_steps=args.steps, exit_after_eval=args.exit_after_eval,
          max_seconds=args.seconds, pack_to=args.pack_to)


if __name__ == "__main__":
    main()
