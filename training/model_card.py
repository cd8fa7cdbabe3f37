"""Writes public/models/MODEL_CARD.md from the manifest, the config and the checkpoint's history."""
from __future__ import annotations

import re
from pathlib import Path


def _scores_table(scores: list[dict]) -> str:
    if not scores:
        return "_No evaluation was recorded with this export._\n"
    order = ["isfrnet", "stage2", "stage1", "opencv_ns", "opencv_telea"]
    rows = sorted(scores, key=lambda s: (s["bucket"], order.index(s["method"]) if s["method"] in order else 99))
    lines = ["| holes | method | n | PSNR (dB) | SSIM | L1 | sharpness | diversity | x/y excess |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    opt = lambda s, k: f"{s[k]:.3f}" if s.get(k) is not None else "-"
    for s in rows:
        holes = f"{s['bucket']}%" if s["bucket"][0].isdigit() else {
            "painted": "painted (one large painted region)", "edge": "edge (a large region running off the border)"}.get(s["bucket"], s["bucket"])
        lines.append(f"| {holes} | {s['method']} | {s['n']} | {s['psnr']:.2f} | {s['ssim']:.4f} | {s['l1']:.4f} | {opt(s, 'sharpness')} | {opt(s, 'diversity')} | {opt(s, 'xy_excess')} |")
    return "\n".join(lines) + "\n"


# The realism bar (issue 10): dB over Navier-Stokes, SSIM above it, detail in the hole like the
# real photo's, and seeds that differ (diversity measured on the 40-60% bucket only).
BAR_DB, BAR_SHARP, BAR_DIVERSITY = 1.5, (0.8, 1.25), 0.3


def _bar_lines(scores: list[dict]) -> str:
    """How the final composite compares with Navier-Stokes and the project's bar, per bucket."""
    lines = []
    for bucket in ("20-40", "40-60"):
        ours = next((s for s in scores if s["bucket"] == bucket and s["method"] == "isfrnet"), None)
        ns = next((s for s in scores if s["bucket"] == bucket and s["method"] == "opencv_ns"), None)
        if not ours or not ns:
            continue
        d = ours["psnr"] - ns["psnr"]
        sharp = ours.get("sharpness")
        checks = [d >= BAR_DB, ours["ssim"] > ns["ssim"], sharp is not None and BAR_SHARP[0] <= sharp <= BAR_SHARP[1]]
        text = (f"- {bucket}% holes: {d:+.2f} dB over Navier-Stokes (bar: +{BAR_DB} dB), SSIM {ours['ssim']:.3f} vs {ns['ssim']:.3f}, "
                f"sharpness {sharp:.2f} (bar: {BAR_SHARP[0]}-{BAR_SHARP[1]})")
        if ours.get("diversity") is not None:
            checks.append(ours["diversity"] >= BAR_DIVERSITY)
            text += f", diversity {ours['diversity']:.3f} (bar: {BAR_DIVERSITY})"
        lines.append(text + f": {'met' if all(checks) else 'NOT met'}.")
    return "\n".join(lines) + "\n" if lines else ""


def realism_start(history: list[dict]) -> int | None:
    """The step where the realism fine-tuning started from the committed weights, if it did."""
    for h in history or []:
        if str(h.get("resumed_from", "")).endswith("checkpoints/isfrnet_r128.pt") and h.get("step"):
            return h["step"]
    return None


def lr_schedule(final_lr: float, history: list[dict]) -> str:
    """'lr 0.0003, then 0.0001 from step 13400': the rate of each phase, from the resumes recorded.
    A resume from the committed weights (`--init`) starts a fresh optimizer: its rate counts as a
    change when it differs from the one before."""
    text, current = None, None
    for h in history or []:
        if "lr" not in h:
            continue
        before = h.get("lr_before", current)
        if text is None:
            current = before if before is not None else h["lr"]
            text = f"lr {current:g}"
        if h["lr"] != current:
            text += f", then {h['lr']:g} from step {h['step']}"
            current = h["lr"]
    return text or f"lr {final_lr:g}"


def _part_phases(meta: dict) -> str:
    """The phases from step 35,031 (the part discriminator), when this checkpoint went through them."""
    if (meta.get("step") or 0) <= 35_031:
        return ""
    return ("- From step 35,031 (fresh optimizers for the part discriminator only): the part discriminator\n"
            "  below came in, with the detail loss at 4, mode seeking equal on all stages and feature matching 5;\n"
            "  at 35,382 the detail loss went to 1, stage 3's share of mode seeking to 0.5 and feature matching\n"
            "  to 20 (the part discriminator's to 10); at 35,475 the detail loss to 0.25 and stage 3's share of\n"
            "  mode seeking to 0.25; at 36,218 stage 3 got the full-resolution hole L1 of stages 1-2 (0.5).\n"
            "  The reason: the detail loss asks each 8x8 patch of the hole for as much fine-detail energy as\n"
            "  the real face has there, and on faces unlike the training crops (the peer demo's glasses) stage 3\n"
            "  met it with a lattice of dark, reddish blobs, where stage 2's composite was a plausible soft face.\n")


def _blur_start(meta: dict) -> int:
    """The step the refine blur came in, from the history."""
    # the first change to a blur (level 0); a later one that adds level 1 is a phase of its own
    changed = [h["step"] for h in meta.get("history") or [] if h.get("model_changes", {}).get("refine_blur") == [0]]
    # the first run with it began at 40,047, before resumes recorded model changes
    return changed[0] if changed else 40_047


def _blur_phase(cfg, meta: dict) -> str:
    """The step the refine decoder got its fixed low-pass (model.refine_blur), when it has one."""
    if not cfg.model.refine_blur:
        return ""
    start = _blur_start(meta)
    return (f"- From step {start:,}: a fixed 3x3 binomial low-pass after stage 3's decoder level(s)\n"
            f"  {cfg.model.refine_blur} (`model.refine_blur`), same losses. On large solid holes stage 3 drew a lattice\n"
            f"  of 8-px cells (worst on the peer demo's dark skin, faint on the evaluation faces); blurring\n"
            f"  level 0's output at inference removed it and blurring the deeper features did not, so that level\n"
            f"  alternated cell by cell. The lattice was also about a third of the measured sharpness: at step\n"
            f"  35,031, on 100 faces, blurring level 0 at inference took sharpness from 0.86 / 0.77 to 0.63 /\n"
            f"  0.49 while PSNR went up 0.10 / 0.26 dB.\n")


# What a recipe change in the run's history means, written once below its first "From step" line
# (keys: the config fields that name the change; a text, or a function of the checkpoint meta).
PHASE_NOTES = {
    ("shift",): ("  shift: each training face moved sideways by up to that many pixels (edges replicated), since the\n"
                 "  app's crops sit on the face only as well as the detector's box: the mirrored input must not be\n"
                 "  trusted to the pixel."),
    ("part_hole_p",): lambda meta: (
        "  part_hole_p: that share of the training masks also paints over an eye, both eyes or the mouth\n"
        "  (an ellipse over the folder's part box, scaled 0.8-1.5x and moved up to 15%). The procedural\n"
        "  holes covered a whole eye only by chance, and a painted-over eye came back as a grey smudge."
        + ("\n  By step 51,000 (2,857 steps of it) painted-over eyes looked much as before in the evaluation's\n"
           "  eyes grid: grey, mostly without an iris or a highlight (training/JOURNAL.md)."
           if meta.get("step", 0) <= 51_000 else "")),
    ("painted_p",): ("  painted_p: that share of the training masks is replaced by one large painted region (a brushed\n"
                     "  area, 1-3 ellipses, or one side of the face; 15-65% of the crop; `masks.painted_region`). The\n"
                     "  procedural strokes are at most 28 px wide here, so no training pixel lay deep inside a hole,\n"
                     "  and where a person painted a large region stage 3 drew vertical streaks and a ghost face."),
    ("detail_whole",): ("  detail_whole: the detail loss also compares the fine detail averaged over each image's whole hole.\n"
                        "  Per patch, a fill that cannot place an eyelid or a hair edge costs least with no detail at\n"
                        "  all; over the whole hole the amount is known, and the fills had 0.7-0.8 of it."),
    ("edge_p",): ("  edge_p: that share of the painted regions runs off the crop's border (everything beyond a line,\n"
                  "  or a brushed area or ellipses centred near a border; `masks.edge_region`). Past the border\n"
                  "  nothing is known either, so such a region is deep; the painted regions had all stayed inside the\n"
                  "  crop, and stage 3 filled regions at the border (the peer demo's) with vertical streaks and bars."),
    ("detail_oriented",): ("  detail_oriented: the detail loss compares the fine detail along x and along y separately\n"
                           "  (`losses.oriented_energy`). Stage 3 had met the total with vertical streaks carried down from\n"
                           "  the hairline: the right amount of detail in the wrong direction."),
    ("detail_aniso",): ("  detail_aniso: the detail loss is the total again, plus the gap in the direction of the detail\n"
                        "  (log of x-detail over y-detail per patch). The per-direction loss had taken the streaks away\n"
                        "  and sharpness with them; this asks for both the amount and the direction."),
    ("refine_follow",): ("  refine_follow: stage 3's composite, area-downsampled by 4, is held near stage 2's where the hole\n"
                         "  is 6 px deep or more (`losses.deep_follow_l1`). Deep inside large holes stage 3 had carried the\n"
                         "  hole's edge inward: a real eye continued down the cheek as a ghost, the peer demo's glasses as bars."),
    ("free_parts",): ("  free_parts: inside a painted eye or mouth stage 3 gets no full-resolution or chroma L1, no SSIM and\n"
                      "  no detail loss: the eye is not known from the rest of the face, so those terms could only ask for\n"
                      "  the average eye. The part discriminator, identity, face features and the 1/8-resolution L1 decide there."),
    ("part_disc_width", "part_disc_sn"): ("  part_disc_width, part_disc_sn: a new part discriminator, wider and without spectral norm (the R1\n"
                                          "  penalty alone), started afresh with its warm-up; the old one rated the scribbled eyes real more\n"
                                          "  often the more the generator was pushed at it (part_adv 5)."),
    ("copy",): ("  copy: stage 3 may blend in the mirrored photo, registered to the hole by correlating stage 2's fill\n"
                "  with it on high-pass luma (one offset per region within 12 px up or down and 32 px sideways of the\n"
                "  mirror image, never a painted pixel), through a gate learned from its features and the copy's\n"
                "  evidence (model/copy.py): a painted-over eye can take the other eye, found where it is. The gate\n"
                "  started closed and was opened (training.copy_start; the history's copy_start)."),
    ("free_parts_lowres",): ("  free_parts_lowres: inside a painted eye or mouth stage 3 gets no 1/8-resolution L1 either."),
    ("copy_teach",): ("  copy_teach: the copy's gate is taught (binary cross-entropy) to be open over a painted single eye and\n"
                      "  shut in every other hole; left to the other terms it closed over painted eyes."),
    ("part_moments",): ("  part_moments: inside a painted eye or mouth stage 3's result is asked for the real part's luma mean\n"
                        "  and spread (two numbers per face, not its layout): the adversarial terms alone had drawn both painted\n"
                        "  eyes brighter, at 1.45x the real eyes' luma spread (training.probes.eye_error)."),
    ("copy_relight",): ("  copy_relight: the copy is shifted to the light on this side of the face before it is blended (the\n"
                        "  difference photo - copy on the pixels next to the hole, spread into it by normalised convolution;\n"
                        "  model/copy.py, relit): the copied eye had sat in a lighter or darker ring (training.probes.copy_seam:\n"
                        "  the edge's gradient over the photo's from 2.57 to 1.25 on 30 one-eye faces). From the same step the\n"
                        "  gate trains only itself (its features detached): the teach had bent stage 3 (-0.7 dB with it shut)."),
    ("refine_blur",): ("  refine_blur: the low-pass after decoder level 1 (R/2) as well. With the sharpness push stage 3 drew a\n"
                       "  checkerboard ripple of 4-px cells at the hair's edge on the peer demo: that level alternated cell by\n"
                       "  cell, as level 0 had (blurring it at inference at 76,111 removed the ripple, PSNR +0.05 to +0.23 dB,\n"
                       "  sharpness 0.99 / 0.90 -> 0.59 / 0.51: most of the measured detail was that ripple)."),
    ("refine_chroma_blur",): ("  refine_chroma_blur: stage 3's fill has its colour low-passed in the hole (a 5x5 binomial on RGB less\n"
                              "  luma; its luma kept: layers.ChromaBlur). Thin brushed holes over an eye or a mouth came back with\n"
                              "  rainbow lines a pixel apart, which the app showed as coloured lines along a lid and a lip."),
    ("copy_gate_trunk",): ("  copy_gate_trunk: the copy's gate gets a trunk of its own (three convs over the detached features and the\n"
                           "  evidence, with the share of candidate offsets that are painted), added to its logit from zero: the\n"
                           "  one conv, its features detached, drifted open over holes with both eyes painted (0.09 -> 0.31)."),
    ("copy_shut_painted",): ("  copy_shut_painted: the copy's gate is shut by a fixed rule where the other eye's place is painted too\n"
                             "  (the hole's exact mirror image, over a 20 px region): with both eyes painted the copy finds only\n"
                             "  cheek or brow, and the learned gate, still 0.28-0.41 open there, drew a ghost of skin over the eyes."),
    ("copy_shut_large",): ("  copy_shut_large: the copy's gate is shut by a fixed rule where the hole fills much of the 84 px around\n"
                           "  (a hole far larger than an eye): there the registration takes a different offset in each window, and\n"
                           "  the gate opened over the peer demo's half face drew orange strips across the glasses."),
    ("free_parts_features",): ("  free_parts_features: identity, face features and the part discriminator's feature matching see a\n"
                               "  painted eye or mouth filled with the truth, so they ask nothing of it: the adversarial terms alone\n"
                               "  judge it (each of those terms preferred the average eye to the other eye copied in)."),
    ("zoom", "move"): ("  zoom, move: a share of the training faces is scaled and moved (their part boxes with them), as\n"
                       "  crops in the app do not all hold the face where the aligned training faces have it."),
    ("crop_zoom", "crop_p"): ("  crop_zoom: a share of the training faces is a window cut from a larger copy of the face, magnified\n"
                              "  and off-centre with real pixels all round: a crop moved by hand holds the face where the aligned\n"
                              "  faces never do (the sample photo's ghost eye came on such a crop)."),
}


def _later_loss_phases(meta: dict) -> str:
    """Loss weights changed on a resume after the refine blur came in (from the recorded history)."""
    lines, explained = [], set()
    for h in meta.get("history") or []:
        changes = (h.get("loss_changes") or {}) | (h.get("data_changes") or {}) | (h.get("model_changes") or {})
        if h.get("step", 0) <= _blur_start(meta) or not changes:
            continue
        when = (f"- At step {h['step']:,}, without training (training.retrofit: a fixed operation, no weights): "
                if h.get("retrofit") else f"- From step {h['step']:,}: ")
        lines.append(when + ", ".join(f"{k} to {v}" for k, v in changes.items()) + ".")
        for keys, text in PHASE_NOTES.items():
            if any(changes.get(k) for k in keys) and keys[0] not in explained:
                explained.add(keys[0])
                lines.append(text(meta) if callable(text) else text)
        if changes.get("mirror"):
            lines.append("  mirror: stages 2 and 3 also read the known pixels mirrored left-right (through their own 3x3\n"
                         "  convolutions, started at zero, so the network began exactly as before). A face is nearly symmetric and the\n"
                         "  crop is centred on it, so a painted-over eye has the other eye at about its place in the\n"
                         "  mirrored input: its iris, colour and highlight (SymmFCNet's symmetry prior, Li et al. 2018).")
            mults, last = [], None
            for e in meta.get("history") or []:
                if e.get("mirror_lr_mult") not in (None, last):
                    last = e["mirror_lr_mult"]
                    mults.append(f"{last:g}x from step {e['step']:,}")
            if mults:
                lines.append("  The mirror convolutions learn at a multiple of the run's rate: " + ", ".join(mults) + ".")
            if meta.get("step", 0) <= 55_000:
                lines.append("  By step 55,000 they had grown to a mean |weight| of 0.003-0.006 (0.05-0.09 beside them), and\n"
                             "  painted-over eyes looked as before: the mirror is in the graphs but not yet learned (training/JOURNAL.md).")
        if h["step"] == 43_779:
            lines.append("  Sharpness rose slowly with the blur alone (0.72 / 0.61 at 42,000, 0.75 / 0.64 at 43,000, 100\n"
                         "  faces in training); with the detail loss at 1 it went to 0.82 / 0.73 at 45,000 and 0.84 /\n"
                         "  0.75 at 48,000 with PSNR within 0.1 dB. On the evaluation faces no new grain showed; on the\n"
                         "  peer demo 00169 (glasses, dark skin, a large hole) the reddish lattice-like dashes stage 3\n"
                         "  already drew there came back stronger (training/JOURNAL.md).")
    return "\n".join(lines) + "\n" if lines else ""


def _losses(cfg, meta: dict) -> str:
    l = cfg.loss
    start = realism_start(meta.get("history"))
    before = (f"- Steps 0-{start}: a pixel-dominated recipe (L1 weighted 6 in the hole, 2 x (1 - SSIM), GAN 0.005,\n"
              f"  feature matching 0.5): faithful on average, blurry in large holes, z ignored. From step {start}\n"
              f"  on, fine-tuned with the realism recipe below. Its weights were set from measurements along\n"
              f"  the way: first with mode seeking 1 (divided over the stages), the low-resolution L1 at 1/4 and 3,\n"
              f"  hole L1 1 and fresh prior noise, which left the seeds nearly alike (diversity 0.02 at step 19,000,\n"
              f"  fresh noise counting as variety); then the values below from step 18,390, with the export's\n"
              f"  fixed noise from 19,000 (diversity 0.18 at 20,000, 0.39 at 21,000). The detail loss came in at\n"
              f"  step 20,080 (weight 1), when sharpness had not moved (0.53 / 0.41 at 20,000), and went to 2.5\n"
              f"  at 21,000 (0.67 / 0.57 then). The chroma L1 came in at step 22,211 (weight 4), against the\n"
              f"  purple and green blotches of large holes: PSNR went up too (25.29 -> 25.53 dB at 40-60%).\n"
              + _part_phases(meta) + _blur_phase(cfg, meta) + _later_loss_phases(meta)) if start else ""
    return before + f"""- Losses, per stage on its own output (stages are detached, so each learns as if the one before
  were pre-trained). Every stage: L1 on known pixels ({l.valid_l1:g}), L1 in the hole after area-downsampling
  by {l.lowres_factor} ({l.lowres_l1:g}: layout and colour, not texture), L1 of the chroma (BT.601 Cb, Cr) in the hole
  after area-downsampling by {l.chroma_factor} ({l.chroma_l1:g}: skin colour is smooth and detail lives in luma, so this
  pins colour without asking for the average texture), (1 - SSIM) of the composite ({l.ssim:g}), and
  mode seeking ({l.mode_seek:g} x -min(d_img / d_z, {l.mode_seek_tau:g}) between two z for the same face, so z changes
  the fill; per stage x {", ".join(f"{w:g}" for w in l.mode_seek_stages)}). Stages 1-2 add full-resolution hole L1 ({l.hole_l1:g}); stage 3 has {l.refine_hole_l1:g} there. Stage 3's
  composite also gets a mask-aware spectral-norm patch discriminator (only hole patches are
  fake; non-saturating loss {l.adv:g}, R1 gamma {l.r1:g} every {l.r1_every} steps, DiffAugment colour and
  translation {'on' if l.diffaug else 'off'}), its feature matching ({l.feat_match:g}), a second discriminator of
  the same kind on the eyes and the mouth (three boxes per face, read off each training folder's
  mean face, resampled to {l.part_size} px with roi_align: loss {l.part_adv:g}, feature matching {l.part_fm:g}; to the
  whole-face one an eye is a few of its 16x16 patches), an identity loss
  ({l.identity:g} x (1 - cosine) of face-recognition descriptors of result and original) and a face-feature
  loss ({l.face_feat:g} x L1 of that network's feature maps), and a detail loss ({l.detail:g} x |log| ratio of the
  fine-detail energy, (Y - G*Y)^2 with the sharpness metric's Gaussian, in 8x8 hole patches, result vs
  original: as much detail as the real face, not the same pixels). The face-recognition network is dlib's
  ResNet-34 descriptor as shipped in `@vladmandic/face-api` (public domain), frozen, ported to
  PyTorch (`training/model/facerec.py`, parity with face-api 0.9999999 cosine).
- The prior's noise is the fixed pattern of the export during training too ({cfg.train.noise_mode}),
  so the variety between seeds comes from z alone."""


def _realism_steps(meta: dict) -> str:
    start = realism_start(meta.get("history"))
    return f"{(meta.get('step') or 0) - start:,}" if start else "a few thousand"


def write_model_card(manifest: dict, cfg, meta: dict, path: Path) -> None:
    m, r = cfg.model, manifest["R"]
    hours = (meta.get("train_seconds") or 0) / 3600
    size = lambda b: f"{b / 1e6:.1f} MB" if b >= 1e5 else f"{b / 1e3:.0f} kB"
    sizes = ", ".join(f"{k} {size(v['bytes'])}" for k, v in manifest["graphs"].items())
    # "int8 in [-31, 31], ..." per graph (training/export.py): the values each graph's weights take
    levels = {k: int(found.group(1)) for k, v in manifest["graphs"].items()
              if (found := re.match(r"int8 in \[-(\d+), \d+\]", v.get("weights", "")))}
    values = {k: f"{2 * n + 1} values, -{n}..{n}" for k, n in levels.items()}
    storage = (f"int8 ({next(iter(values.values()))})" if len(set(values.values())) == 1
               else "int8 (" + "; ".join(f"{k}: {v}" for k, v in values.items()) + ")")
    text = f"""# Model card: ISFRNet face inpainting, R = {r}

Three ONNX graphs (opset {manifest['opset']}, float32 inputs and outputs, batch 1, {r}x{r}) that restore the holes of an
aligned face crop, after Wang and Shin, "ISFRNet: A Deep Three-stage Identity and Structure Feature
Refinement Network for Facial Image Inpainting" (KSII TIIS 17(3), 2023). Trained from scratch by
this project; no pretrained weights of any kind were used. Files: {sizes}. The large weights are
stored as {storage} with one scale per output channel and rebuilt as float32 when the session is
created (two constant ops, `Cast` and `Mul`, that onnxruntime folds); all arithmetic is float32.
Largest output difference from PyTorch: {max((v.get('int8ParityMaxAbsDiff') or 0) for v in manifest['graphs'].values()):.3f}
(values in [-1, 1]).

## Architecture
1. `prior` (stage 1): a pSp-style encoder (stride-2 conv pyramid {m.enc_channels}, feature pyramid,
   three map-to-style heads) maps the masked face and mask to W+ codes ({2 * len(m.synth_channels)} x {m.w_dim});
   a latent z ({m.z_dim}-D, standard normal) goes through a small mapping MLP and is added to every
   code; a StyleGAN2-style synthesis network (learned 4x4 constant, modulated/demodulated 3x3
   convolutions, channels {m.synth_channels} for 4..{r}, skip toRGB, noise with learned strength,
   frozen to a constant pattern in the export) renders a whole face.
2. `structure` (stage 2): {m.structure_depth} 3x3 convolutions of width {m.structure_width} at full
   resolution (receptive field {2 * m.structure_depth + 1} px), a residual over the stage-1 composite.
3. `refine` (stage 3): a U-Net with two encoders (known pixels + mask; stage-2 composite + mask),
   widths {m.refine_widths}, fused at R/{2 ** len(m.refine_widths)} and passed through dilated residual
   blocks (dilations {m.refine_dilations}), one decoder with skips from both encoders{f" (a fixed 3x3 binomial low-pass after decoder level(s) {m.refine_blur})" if m.refine_blur else ""}; a residual over
   the stage-2 composite.
{"4. Stages 2 and 3 also read the known pixels and the mask mirrored left-right (`model.mirror`: stage 2's" + chr(10) + "   input, stage 3's known-pixel encoder and its full-resolution convolutions); the flip is inside the graphs." + chr(10) if m.mirror else ""}
Known pixels are put back after every stage: `composite = image * (1 - mask) + output * mask`.

## Training
- Data: {", ".join(d['name'] for d in manifest['training']['data'])}; centre crop, area resize to {r},
  random flips, mild colour jitter. The evaluation faces and the NVIDIA masks were never trained on;
  training holes are procedural (free-form strokes, boxes, large thick strokes, scribbles of thin
  strokes; hole ratio uniform
  in {cfg.data.min_hole:.0%}-{cfg.data.max_hole:.0%}){f"; {cfg.data.painted_p:.0%} of them one large painted region instead" if getattr(cfg.data, "painted_p", 0) else ""}.
{_losses(cfg, meta)}
- Adam, {lr_schedule(cfg.train.lr, meta.get("history"))}, batch {cfg.train.batch}, EMA {cfg.train.ema} (the exported weights are the EMA).
- Steps: {manifest['training']['steps']}, training time {hours:.2f} h on {manifest['training']['device']}.
- Retrain: `/usr/bin/python3 -m training.train` (resumes `~/isfrnet-runs/r128`; `--init
  training/checkpoints/isfrnet_r128.pt` continues from the committed weights).

## Evaluation
First 400 faces (sorted by name) of `faces/eval/utkface`, NVIDIA irregular masks paired by the shared
rule, centre crop, area resize to {r}, composites quantised to 8 bits; PSNR, SSIM (scikit-image
defaults: 7x7 uniform window, data range 1, channel mean) and L1 on the whole image in [0, 1].
OpenCV Navier-Stokes and Telea (radius 3) are computed in the same run. Sharpness: mean of
(Y - G*Y)^2 of the luma in the hole (G: Gaussian, sigma 1.5), result over original, per face, averaged
(1 = as detailed as the real photo). Diversity: first 20 faces of 40-60%, seeds 1-4: mean pairwise
absolute difference in the hole over the mean absolute difference from the original there.
The painted and edge rows: the first 100 faces, each with one large painted region drawn with fixed
seeds (`masks.painted_eval_hole`, `masks.edge_eval_hole`: inside the crop, and running off its
border); x/y excess: per 8x8 block more than half hole, the fill's log(x-detail / y-detail) minus
the original's, averaged (above 0: vertical streaks).
Command: `/usr/bin/python3 -m training.evaluate --ckpt training/checkpoints/isfrnet_r128.pt --n 400
--buckets 20-40,40-60,painted,edge`.

{_scores_table(manifest.get('eval', []))}
{_bar_lines(manifest.get('eval', []))}
For reference, the paper reports PSNR 28.12 / SSIM 0.942 / L1 0.015 (20-40%) and 23.31 / 0.840 / 0.053
(40-60%) with LPIPS 0.090 / 0.177, on a data set and resolution its abstract does not name (its peers
report CelebA-HQ at 256); the numbers above are not directly comparable. LPIPS is not computed here:
it needs an ImageNet-trained backbone, which cannot be downloaded on this machine.

## Terms
{manifest['training']['terms']}

## Known limits
- {r}x{r} only: the app restores the face crop at this size and pastes it back over the painted
  pixels of the full-resolution photo, adding the photo's own fine texture from elsewhere in the
  crop (not learned detail), so restored regions of a large photo are still softer than the rest.
- Trained on 13,836 aligned faces on a 2-core CPU (the training time is above): the realism fine-tuning ran for only
  {_realism_steps(meta)} steps. Fills have more detail than the earlier pixel-trained weights and `z` now
  changes them (see diversity), but large holes still look like a plausible average face rather
  than a sharp photo; eyes and teeth are rough, and a different `z` changes shading and shape more
  than identity-level features. Teeth appear in some open mouths, not all. The purple and green
  blotches of the first realism weights are mostly gone (the chroma L1), but a purple or reddish
  tint still shows around some restored eyes; painted-over eyes get an iris but seldom a highlight.
  In large regions that run off the crop's border (the peer demo 00169: glasses, dark skin, a hole
  over half the face and out to the border) stage 3 draws bars and bands over the hole (fewer since
  such regions entered training at step 55,163, not gone), and on a crop that holds the face smaller
  and off-centre it can draw a ghost eye in blocks. At a face's own resolution the app's path led Navier-Stokes
  by 3.4-3.8 dB on 200 px faces and by 2.4-2.9 dB on 512 px FFHQ-style crops (step 48,022),
  where the face fills less of the frame than in training and the 128-pixel fill is upsampled four times: there it is soft, and an open mouth
  can come back with coloured streaks (README, `npm run eval -- --full-res`).
- Faces that are not centred and aligned like the training crops (profile views, strong tilt,
  partial faces) restore worse. UTKFace and CelebA skew the model to their demographics and styles.
- No identity guarantee: a restored region is a plausible guess, not the person's real features.
"""
    path.write_text(text)
