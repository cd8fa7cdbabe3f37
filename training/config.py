"""Run configuration as dataclasses, one per concern, overridable from the command line.

Every run saves its config (config.json in the run folder) next to its checkpoints, so a
checkpoint always says what produced it. Override with `--set group.field=value`, e.g.
`--set train.batch=8 --set model.refine_width=32`.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@dataclass
class DataConfig:
    # Folders of aligned face photos (JPEG/PNG). Any folder works: CelebA-HQ or FFHQ drop in.
    train_dirs: list[str] = field(default_factory=lambda: [
        str(SHARED / "data/faces/train/utkface"),
        str(SHARED / "data/faces/train/celeba"),
    ])
    eval_dir: str = str(SHARED / "data/faces/eval/utkface")
    eval_masks: str = str(SHARED / "data/masks/nvidia-irregular/testing_mask_dataset")
    resolution: int = 128          # R: the graphs' input and output size
    cache_dir: str = str(Path.home() / ".cache/isfrnet")
    mask_bank: int = 24000         # procedural masks generated once, augmented by the 8 flips/rotations
    min_hole: float = 0.05         # hole ratio of training masks spreads uniformly over this range
    max_hole: float = 0.65
    # share of training masks that also paint over an eye, both eyes or the mouth (masks.add_part_holes);
    # 0 until step 48,160: the bank's holes seldom cover a whole eye, and painted eyes came back as smudges
    part_hole_p: float = 0.35
    # share of training masks replaced by one large painted region (masks.painted_region), from
    # step 61,448 (the painted run, training/JOURNAL.md): the bank's strokes leave no pixel deep inside a hole, and big painted holes came
    # back with streaks and a ghost face from stage 3
    painted_p: float = 0.35       # 0.25 until step 56,115
    # share of those painted regions that run off the crop's border (masks.edge_region), from step
    # 55,163 (0.4; 0.6 from 56,115): the peer demo's hole does, and stage 3 drew bars in such regions on any face
    edge_p: float = 0.6
    jitter: float = 0.08           # mild colour jitter: brightness, contrast, saturation +-jitter
    shift: int = 0                 # random horizontal shift of up to this many pixels (data.augment)
    # a share reframe_p of the faces scaled by up to 1+zoom either way and moved by up to `move` of
    # the side (data.reframe): the app's crops do not hold the face where the aligned faces have it
    zoom: float = 0.0
    move: float = 0.0
    reframe_p: float = 0.5
    # a share crop_p of the faces cut as a smaller window from a copy of the faces at crop_source x R
    # (data.window_crops): magnified by up to 1 + crop_zoom and off-centre by up to the window's
    # slack, with real pixels all round. reframe's larger moves reflect the border, and at 0.65x a
    # face came with mirrored half-faces round it. Needs the faces at that size: a device bundle
    # holds them at R only, so there set crop_zoom 0.
    crop_zoom: float = 0.0
    crop_p: float = 0.5
    crop_source: float = 1.5
    # Where the eyes and the mouth are in each training folder's aligned faces (folder name ->
    # boxes [cx, cy, w, h], fractions of the square crop; "*" for any other folder), read off the
    # mean face of each folder. The part discriminator looks at these boxes only.
    part_boxes: dict = field(default_factory=lambda: {
        "utkface": [[0.273, 0.29, 0.28, 0.22], [0.703, 0.29, 0.28, 0.22], [0.5, 0.70, 0.45, 0.25]],
        "celeba": [[0.387, 0.52, 0.20, 0.15], [0.602, 0.52, 0.20, 0.15], [0.5, 0.75, 0.30, 0.16]],
        "*": [[0.273, 0.29, 0.28, 0.22], [0.703, 0.29, 0.28, 0.22], [0.5, 0.70, 0.45, 0.25]],
    })


@dataclass
class ModelConfig:
    z_dim: int = 64                # Z: latent of the prior ("imagine" variants)
    w_dim: int = 128               # style vector size
    # prior synthesis channels per resolution 4, 8, 16, ... R
    synth_channels: list[int] = field(default_factory=lambda: [128, 128, 128, 64, 32, 16])
    # encoder pyramid R/2 ... 4: one entry per halving (log2(R) - 2 entries)
    enc_channels: list[int] = field(default_factory=lambda: [32, 64, 128, 128, 128])
    structure_width: int = 16
    structure_depth: int = 5       # 3x3 convs: receptive field 2*depth+1 pixels
    refine_widths: list[int] = field(default_factory=lambda: [32, 64, 128])
    refine_out_width: int = 16
    refine_dilations: list[int] = field(default_factory=lambda: [2, 4, 8])
    refine_blur: list[int] = field(default_factory=list)   # decoder levels with a fixed low-pass (model/refine.py)
    refine_chroma_blur: bool = False   # stage 3's fill with its colour low-passed, its luma kept (layers.ChromaBlur)
    # stages 2-3 also read the known pixels mirrored left-right (SymmFCNet's symmetry prior): a
    # painted eye can take its iris, colour and highlight from the other eye (model/mirror.py)
    mirror: bool = False
    # stage 3 may take the mirrored photo, registered to the hole, into it (model/copy.py): the
    # other eye found near where a mirror about the centre puts it, not only exactly there
    copy: bool = False
    # the copy shifted to this side's light before it is blended (model/copy.py, relit): without it
    # the copied eye sat in a lighter or darker ring
    copy_relight: bool = False
    # the copy's gate with a small trunk of its own this wide (model/copy.py MirrorCopy `trunk`; 0: the
    # one conv), so it can tell one painted eye from two without bending stage 3's features
    copy_gate_trunk: int = 0
    # the copy's gate shut by rule (model/copy.py copy_allowed) where the hole's mirror image is painted
    # too (both eyes: what the copy finds is cheek or brow), and where the hole is much larger than an eye
    copy_shut_painted: bool = False
    copy_shut_large: bool = False
    disc_width: int = 32
    # the part discriminator (loss.part_adv): its width (0: disc_width) and whether it is spectrally
    # normalised. A resume that changes either starts that discriminator afresh (its warm-up again).
    part_disc_width: int = 0
    part_disc_sn: bool = True


@dataclass
class LossConfig:
    """The realism recipe (issue 10). Stages 1-2 keep some pixel loss (they hand structure to
    stage 3); stage 3, the face people see, gets no full-resolution pixel loss in the hole:
    a low-resolution L1 for layout and colour, then adversarial, discriminator feature
    matching, identity and face-feature terms for texture, and mode seeking so z matters."""
    hole_l1: float = 0.5           # full-resolution L1 inside the hole, stages 1-2
    refine_hole_l1: float = 0.5    # the same for stage 3 (LaMa: 0; 0.5 from step 36,218: without it stage 3 drew lattices)
    valid_l1: float = 1.0          # L1 weight on known pixels of the raw output
    lowres_l1: float = 2.0         # hole L1 after area-downsampling by lowres_factor, every stage
    lowres_factor: int = 8         # R/8: layout and colour only, so z can still change eyes and mouths
    chroma_l1: float = 4.0         # hole L1 on chroma (Cb, Cr) at 1/chroma_factor resolution, every stage: no colour blotches
    chroma_factor: int = 2
    ssim: float = 1.0              # (1 - SSIM) of the composite, every stage
    adv: float = 1.0               # non-saturating GAN loss on the hole patches of the final composite
    feat_match: float = 20.0       # discriminator feature matching (learned perceptual loss; 5 until step 35,382)
    identity: float = 5.0          # 1 - cosine of face-recognition descriptors, result vs original
    face_feat: float = 3.0         # L1 between the face-recognition net's feature maps (perceptual)
    # stage 3: |log| ratio of local fine-detail energy in the hole, result vs real (losses.detail_loss).
    # 2.5 until step 28,082, where the in-training sharpness had stayed at 0.74-0.75 (40-60%) for 2,000 steps
    # 0.25 from step 35,475: at 4 it paid for texture noise (a lattice on the peer demo, README)
    # 1 from step 43,779, with the refine blur in place: sharpness 0.75 / 0.64 -> 0.84 / 0.75 by 48,000
    detail: float = 1.0
    # the detail loss per direction (losses.detail_loss `oriented`), from step 63,119 to 70,172: the
    # total alone was met with vertical streaks in large painted holes, but sharpness fell with them
    detail_oriented: bool = False
    # the total's gap plus this times the gap in direction, log(x/y detail) (losses.detail_loss
    # `aniso`), from step 70,172: sharpness rose again (0.700 -> 0.728 at 40-60% by 72,000) and the
    # streaks stayed away (x/y excess +0.005)
    detail_aniso: float = 0.5
    # plus this times the gap of the detail averaged over each image's whole hole (losses.detail_loss
    # `whole`): the per-patch log gap settles at the median energy, below the mean the metric counts.
    # From step 56,147: sharpness 0.719 -> 0.798 (40-60%, in training, 100 faces) in 853 steps, PSNR -0.13 dB
    detail_whole: float = 1.0
    # stage 3's composite, area-downsampled by refine_follow_factor, held near stage 2's (detached)
    # where the hole is refine_follow_depth px deep or more (losses.deep_follow_l1): there stage 3
    # carried the hole's edge inward as ghosts and bars (training/JOURNAL.md, "The ghost in the
    # sample photo's restore"). 0: off. Tried from 61,181 to 63,000 (2, then 4): the layout moved 44% of
    # the way to stage 2's, PSNR lost 0.16-0.27 dB, and the ghost and bars (finer than the cells) stayed.
    refine_follow: float = 0.0
    refine_follow_depth: int = 6
    refine_follow_factor: int = 4
    mode_seek: float = 5.0         # -min(d_img / d_z, tau) per stage, summed over stages 1-3 (z pairs share a face)
    mode_seek_tau: float = 0.08    # cap: d_img / d_z of 0.08 is a diversity of about 0.3-0.4
    # the term's share per stage (prior, structure, refine): the refine stage met it with maze-like
    # high-frequency patterns that differ per z, so its variety should come from the stages before
    mode_seek_stages: list[float] = field(default_factory=lambda: [1.0, 1.0, 0.25])
    r1: float = 0.1                # R1 gamma (gradient penalty on real images), applied lazily
    r1_every: int = 4
    diffaug: bool = True           # DiffAugment on everything the discriminator sees
    adv_start: int = 3000          # steps of pure reconstruction before the GAN terms start
    # A second discriminator on the eyes and the mouth (data.part_boxes), resampled to part_size:
    # the whole-face one sees an eye as a few of its 16x16 patches and let eyes without highlights
    # and mouths without teeth through. Its terms reach the generator after part_warmup steps of
    # its own training, so a fresh part discriminator does not push the generator with noise.
    # 1 and 10 until step 51,000; raised for the painted-over eyes (what a new run from the committed weights continues with)
    part_adv: float = 2.5
    part_fm: float = 20.0
    part_size: int = 40
    part_warmup: int = 300
    # Stage 3 gets no full-resolution L1, no chroma L1, no SSIM and no detail loss inside a painted
    # eye or mouth (masks.add_part_holes): the eye is not known from the rest of the face (the mirror
    # measured that: training/JOURNAL.md), so the pixel terms can only ask for the average eye (the
    # grey smudge, a grey-blue iris), and the per-patch detail term for the real eye's energy where
    # its edges cannot be placed (scribbles). There the part discriminator, identity and face
    # features, and the 1/8-resolution L1 for layout and colour decide. Measured 2026-12-05 with a
    # part discriminator without spectral norm (model.part_disc_*): +0.2 dB on painted holes in
    # 4,500 steps, the eyes looked the same (training/JOURNAL.md). Off by default, as shipped.
    free_parts: bool = False
    # with free_parts, the 1/8-resolution L1 too. With the mirror copy (model.copy) opened, stage 3
    # closed its gate over painted eyes within 200 steps with this term, within 380 without it: part
    # and face feature matching close it harder (training.probes.copy_gate_terms, JOURNAL 2026-12-05)
    free_parts_lowres: bool = False
    # with free_parts, identity, the face features and the part discriminator's feature matching
    # see the painted parts filled with the truth (train.judged_image), so they ask nothing there
    # either and the adversarial terms alone judge a painted eye. Why: every term that compares the
    # result with this photo prefers the average eye, even to the other eye mirrored and registered
    # from the truth (at 1/8 resolution the copy was closer on 4 of 40 one-eye faces)
    free_parts_features: bool = False
    # With the mirror copy (model.copy): its gate taught to open over a painted single eye and to
    # shut in every other hole (train.copy_teach_loss). Left to the adversarial
    # terms it closed within 150 steps even with free_parts_features (JOURNAL 2026-12-05): they open
    # it only once it is nearly open, and the random holes, where the copy is rightly refused, share
    # its bias. Where the copy is taken, the discriminators still judge how it sits.
    copy_teach: float = 0.0
    # Inside the painted parts (eyes, mouth) stage 3's composite is asked for the real part's luma mean
    # and spread, two numbers per face (losses.region_moments_l1): with free_parts nothing else there
    # compares with the photo, and the adversarial terms alone drew both painted eyes brighter and at
    # 1.45x the real eyes' luma spread at 78,000 (training.probes.eye_error). The moments ask for
    # neither the average eye nor where its edges lie.
    part_moments: float = 0.0


@dataclass
class TrainConfig:
    run_dir: str = str(Path.home() / "isfrnet-runs/r128")
    batch: int = 8
    lr: float = 3e-4
    d_lr: float = 2e-4
    ema: float = 0.999
    steps: int = 1_000_000         # effectively "until stopped"; the run is resumable
    save_every_s: float = 300.0    # atomic checkpoint at most this often (and on SIGTERM/SIGINT)
    log_every: int = 25
    eval_every: int = 1000
    eval_n: int = 100              # faces per bucket for the quick in-training evaluation
    threads: int = 2
    seed: int = 0
    # learning rate multiplier of the mirror convs (model/mirror.py): at the run's rate they moved
    # 0.003 in 800 steps against weights of 0.05-0.09 beside them; 10 from step 52,250 to 55,000
    # (30 was set from 54,000 but a resume kept the saved optimizer's multiple until that was fixed)
    mirror_lr_mult: float = 30.0
    # the same for the mirror copy's side conv and gate (model/copy.py), which start at zero and closed
    copy_lr_mult: float = 10.0
    # background threads making batches (train.Prefetch); -1: 6 on a GPU, none on a CPU
    batch_threads: int = -1
    noise_mode: str = "const"      # the prior's noise: "const" (as exported) or "random" (StyleGAN training)


@dataclass
class Config:
    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    loss: LossConfig = field(default_factory=LossConfig)
    train: TrainConfig = field(default_factory=TrainConfig)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "Config":
        c = Config()
        for group, values in d.items():
            sub = getattr(c, group)
            for k, v in values.items():
                if hasattr(sub, k):
                    setattr(sub, k, v)
        return c

    def override(self, assignments: list[str]) -> "Config":
        """Apply `group.field=value` strings; values parse as JSON when they can."""
        for a in assignments:
            key, _, raw = a.partition("=")
            group, _, name = key.partition(".")
            sub = getattr(self, group)
            if not hasattr(sub, name):
                raise KeyError(f"unknown config field {key}")
            try:
                value = json.loads(raw)
            except json.JSONDecodeError:
                value = raw
            setattr(sub, name, value)
        return self


def tiny() -> Config:
    """A config small enough for unit tests on the CPU in seconds."""
    c = Config()
    c.data.resolution = 32
    c.model = ModelConfig(z_dim=8, w_dim=16, synth_channels=[16, 16, 8, 8], enc_channels=[8, 16, 16],
                          structure_width=8, structure_depth=3, refine_widths=[8, 16, 16],
                          refine_out_width=8, refine_dilations=[2], disc_width=8)
    c.train.batch = 4
    return c
