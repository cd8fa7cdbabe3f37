"""Writes public/models/MODEL_CARD.md from the manifest, the config and the checkpoint's history."""
from __future__ import annotations

from pathlib import Path


def _scores_table(scores: list[dict]) -> str:
    if not scores:
        return "_No evaluation was recorded with this export._\n"
    order = ["isfrnet", "stage2", "stage1", "opencv_ns", "opencv_telea"]
    rows = sorted(scores, key=lambda s: (s["bucket"], order.index(s["method"]) if s["method"] in order else 99))
    lines = ["| holes | method | n | PSNR (dB) | SSIM | L1 |", "| --- | --- | --- | --- | --- | --- |"]
    for s in rows:
        lines.append(f"| {s['bucket']}% | {s['method']} | {s['n']} | {s['psnr']:.2f} | {s['ssim']:.4f} | {s['l1']:.4f} |")
    return "\n".join(lines) + "\n"


BAR = {"20-40": (2.0, 0.93), "40-60": (3.0, 0.84)}   # dB over Navier-Stokes, SSIM (the project's bar)


def _bar_lines(scores: list[dict]) -> str:
    """How the final composite compares with Navier-Stokes and the project's bar, per bucket."""
    lines = []
    for bucket, (gain, min_ssim) in BAR.items():
        ours = next((s for s in scores if s["bucket"] == bucket and s["method"] == "isfrnet"), None)
        ns = next((s for s in scores if s["bucket"] == bucket and s["method"] == "opencv_ns"), None)
        if not ours or not ns:
            continue
        d = ours["psnr"] - ns["psnr"]
        met = d >= gain and ours["ssim"] >= min_ssim and ours["l1"] < ns["l1"]
        lines.append(f"- {bucket}% holes: {d:+.2f} dB over Navier-Stokes (bar: +{gain:.1f} dB), SSIM {ours['ssim']:.3f} "
                     f"(bar: {min_ssim}), L1 {ours['l1']:.4f} vs {ns['l1']:.4f}: bar {'met' if met else 'NOT met yet'}.")
    return "\n".join(lines) + "\n" if lines else ""


def lr_schedule(final_lr: float, history: list[dict]) -> str:
    """'lr 0.0003, then 0.0001 from step 13400': the rate changes recorded when a run resumed."""
    changes = [h for h in history or [] if "lr_before" in h and h["lr_before"] != h["lr"]]
    if not changes:
        return f"lr {final_lr:g}"
    text = f"lr {changes[0]['lr_before']:g}"
    for h in changes:
        text += f", then {h['lr']:g} from step {h['step']}"
    return text


def write_model_card(manifest: dict, cfg, meta: dict, path: Path) -> None:
    m, r = cfg.model, manifest["R"]
    hours = (meta.get("train_seconds") or 0) / 3600
    size = lambda b: f"{b / 1e6:.1f} MB" if b >= 1e5 else f"{b / 1e3:.0f} kB"
    sizes = ", ".join(f"{k} {size(v['bytes'])}" for k, v in manifest["graphs"].items())
    text = f"""# Model card: ISFRNet face inpainting, R = {r}

Three ONNX graphs (opset {manifest['opset']}, float32, batch 1, {r}x{r}) that restore the holes of an
aligned face crop, after Wang and Shin, "ISFRNet: A Deep Three-stage Identity and Structure Feature
Refinement Network for Facial Image Inpainting" (KSII TIIS 17(3), 2023). Trained from scratch by
this project; no pretrained weights of any kind were used. Files: {sizes}.

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
   blocks (dilations {m.refine_dilations}), one decoder with skips from both encoders; a residual over
   the stage-2 composite.

Known pixels are put back after every stage: `composite = image * (1 - mask) + output * mask`.

## Training
- Data: {", ".join(d['name'] for d in manifest['training']['data'])}; centre crop, area resize to {r},
  random flips, mild colour jitter. The evaluation faces and the NVIDIA masks were never trained on;
  training holes are procedural (free-form strokes, boxes, large thick strokes, scribbles of thin
  strokes; hole ratio uniform
  in {cfg.data.min_hole:.0%}-{cfg.data.max_hole:.0%}).
- Losses, per stage on its own output (stages are detached, so each learns as if the one before
  were pre-trained): L1 weighted {cfg.loss.hole_l1:g} in the hole and {cfg.loss.valid_l1:g} outside, {cfg.loss.ssim:g} x (1 - SSIM) of the
  composite; on the final composite after step {cfg.loss.adv_start}, a spectral-norm patch
  discriminator (non-saturating loss, weight {cfg.loss.adv:g}) and its feature matching (weight {cfg.loss.feat_match:g}).
- Adam, {lr_schedule(cfg.train.lr, meta.get("history"))}, batch {cfg.train.batch}, EMA {cfg.train.ema} (the exported weights are the EMA).
- Steps: {manifest['training']['steps']}, training time {hours:.2f} h on {manifest['training']['device']}.
- Retrain: `/usr/bin/python3 -m training.train` (resumes `~/isfrnet-runs/r128`; `--init
  training/checkpoints/isfrnet_r128.pt` continues from the committed weights).

## Evaluation
First 400 faces (sorted by name) of `faces/eval/utkface`, NVIDIA irregular masks paired by the shared
rule, centre crop, area resize to {r}, composites quantised to 8 bits; PSNR, SSIM (scikit-image
defaults: 7x7 uniform window, data range 1, channel mean) and L1 on the whole image in [0, 1].
OpenCV Navier-Stokes and Telea (radius 3) are computed in the same run.
Command: `/usr/bin/python3 -m training.evaluate --ckpt training/checkpoints/isfrnet_r128.pt --n 400`.

{_scores_table(manifest.get('eval', []))}
{_bar_lines(manifest.get('eval', []))}
For reference, the paper reports PSNR 28.12 / SSIM 0.942 / L1 0.015 (20-40%) and 23.31 / 0.840 / 0.053
(40-60%) with LPIPS 0.090 / 0.177, on a data set and resolution its abstract does not name (its peers
report CelebA-HQ at 256); the numbers above are not directly comparable. LPIPS is not computed here:
it needs an ImageNet-trained backbone, which cannot be downloaded on this machine.

## Terms
{manifest['training']['terms']}

## Known limits
- {r}x{r} only: the app restores the face crop at this size and pastes the hole back into the
  full-resolution photo, so restored regions are softer than the rest of a large photo.
- Trained on 13,836 aligned faces for a few CPU hours: large holes come out blurry and
  average-looking; the imagined face (stage 1) is coarse, and `z` changes it only a little.
- Faces that are not centred and aligned like the training crops (profile views, strong tilt,
  partial faces) restore worse. UTKFace and CelebA skew the model to their demographics and styles.
- No identity guarantee: a restored region is a plausible guess, not the person's real features.
"""
    path.write_text(text)
