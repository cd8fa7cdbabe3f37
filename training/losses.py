"""Losses: hole-weighted L1, SSIM (the same SSIM as the metric), GAN and feature matching.

All images are [B, 3, R, R] in [-1, 1]; masks [B, 1, R, R] with 1 = hole.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .model.layers import luma


def masked_l1(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor, hole_w: float, valid_w: float,
              free: torch.Tensor | None = None) -> torch.Tensor:
    """Mean L1 over all pixels, weighted hole_w inside the hole and valid_w outside; hole pixels
    where free is 1 weigh nothing (loss.free_parts)."""
    err = (pred - target).abs()
    hole = mask if free is None else mask * (1 - free)
    return (err * (hole * hole_w + (1 - mask) * valid_w)).mean()


def ssim(a: torch.Tensor, b: torch.Tensor, win: int = 7, free: torch.Tensor | None = None) -> torch.Tensor:
    """Mean SSIM of images in [-1, 1], computed as scikit-image's `structural_similarity`
    defaults do (7x7 uniform window, data range 1 on [0,1] images, sample covariance, the
    border of win//2 pixels cropped, mean over channels). Returns [B]. Windows that touch a
    pixel where free [B,1,H,W] is 1 count as 1 (no loss, no gradient: loss.free_parts)."""
    a, b = (a + 1) / 2, (b + 1) / 2
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    n = win * win
    cov_norm = n / (n - 1)
    mean = lambda t: F.avg_pool2d(t, win, stride=1)           # valid window: the crop is implicit
    ma, mb = mean(a), mean(b)
    vaa = cov_norm * (mean(a * a) - ma * ma)
    vbb = cov_norm * (mean(b * b) - mb * mb)
    vab = cov_norm * (mean(a * b) - ma * mb)
    s = ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (vaa + vbb + c2))
    if free is not None:
        touched = F.max_pool2d(free, win, stride=1)
        s = s * (1 - touched) + touched
    return s.mean((1, 2, 3))


def d_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Non-saturating logistic GAN loss of the discriminator."""
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def g_adv_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    return F.softplus(-fake_logits).mean()


def feature_matching(fake_feats: list[torch.Tensor], real_feats: list[torch.Tensor]) -> torch.Tensor:
    """L1 between discriminator features of the restored and the real face, per layer normalised."""
    return sum((f - r.detach()).abs().mean() / (r.detach().abs().mean() + 1e-6) for f, r in zip(fake_feats, real_feats)) / len(fake_feats)


# --- the realism recipe (issue 10): pixel terms at low resolution and on known pixels only,
# adversarial + feature terms for texture, a mode-seeking term so that z matters ---

def hole_mean(t: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of t [B,C,H,W] over the hole pixels of mask [B,1,H,W], per sample: [B]."""
    return (t * mask).sum((1, 2, 3)) / (mask.sum((1, 2, 3)) * t.shape[1] + 1e-6)


def region_moments_l1(pred: torch.Tensor, target: torch.Tensor, region: torch.Tensor, min_px: int = 16) -> torch.Tensor:
    """|mean - mean| + |std - std| of the BT.601 luma over `region` [B,1,H,W] (0/1), per image, averaged
    over the images with at least `min_px` region pixels (0 when there are none). Two numbers per
    region: how bright and how contrasted it is, not where its edges lie (loss.part_moments)."""
    n = region.sum((1, 2, 3))
    # a weight, not a branch or an index on `has`: no GPU-to-CPU wait at every training step
    has = (n >= min_px).float()

    def moments(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mu = (y * region).sum((1, 2, 3)) / n.clamp(min=1)
        var = ((y - mu[:, None, None, None]) ** 2 * region).sum((1, 2, 3)) / n.clamp(min=1)
        return mu, (var + 1e-6).sqrt()

    mp, sp = moments(luma(pred))
    mt, st = moments(luma(target))
    return (((mp - mt).abs() + (sp - st).abs()) * has).sum() / has.sum().clamp(min=1)


def lowres_hole_l1(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor, factor: int) -> torch.Tensor:
    """L1 inside the hole after area-downsampling both images by `factor`: it asks for the
    right layout and colours (structure) without asking for the average texture."""
    p, t = F.avg_pool2d(pred, factor), F.avg_pool2d(target, factor)
    m = (F.avg_pool2d(mask, factor) > 0).float()
    return hole_mean((p - t).abs(), m).mean()


def deep_follow_l1(pred: torch.Tensor, guide: torch.Tensor, mask: torch.Tensor, depth: int, factor: int) -> torch.Tensor:
    """L1 between pred and guide [B,3,R,R], both area-downsampled by `factor`, over the cells that lie
    wholly `depth` pixels or more inside the hole (mask [B,1,R,R], 1 = hole; past the crop's border
    counts as hole, since nothing is known there either). Deep inside a large hole stage 3 carried
    the hole's edge inward (a real eye continued down the cheek as a second one, a hairline as
    streaks, the peer demo's glasses as bars) where stage 2 has a soft, plausible fill: this keeps
    stage 3's layout there near stage 2's and leaves it the texture (finer than the cells)."""
    deep = -F.max_pool2d(-mask, 2 * depth + 1, stride=1, padding=depth)    # min over the neighbourhood
    cells = -F.max_pool2d(-deep, factor)
    p, g = F.avg_pool2d(pred, factor), F.avg_pool2d(guide, factor)
    return ((p - g).abs() * cells).sum() / (cells.sum() * pred.shape[1] + 1e-6)


def chroma_hole_l1(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor, factor: int) -> torch.Tensor:
    """L1 of the BT.601 chroma (Cb, Cr) inside the hole, after area-downsampling by `factor`.
    Skin colour is smooth and people see detail in luma, so pinning the colour costs no realism;
    without it the adversarial and feature terms leave purple and green blotches in large
    holes that the luma-only sharpness metric and the 1/8-resolution L1 never see."""
    def cbcr(img):
        r, g, b = img[:, 0:1], img[:, 1:2], img[:, 2:3]
        return torch.cat([-0.168736 * r - 0.331264 * g + 0.5 * b, 0.5 * r - 0.418688 * g - 0.081312 * b], 1)
    p, t = F.avg_pool2d(cbcr(pred), factor), F.avg_pool2d(cbcr(target), factor)
    m = (F.avg_pool2d(mask, factor) > 0).float()
    return hole_mean((p - t).abs(), m).mean()


def mode_seeking(a: torch.Tensor, b: torch.Tensor, za: torch.Tensor, zb: torch.Tensor, mask: torch.Tensor, tau: float) -> torch.Tensor:
    """DSGAN/MSGAN mode-seeking term: -min(d(G(z1), G(z2)) / d(z1, z2), tau), distances as mean
    absolute differences, the image one inside the hole. Minimising it makes different z give
    different fills; the cap tau keeps the term bounded once the fills differ enough."""
    d_img = hole_mean((a - b).abs(), mask)
    d_z = (za - zb).abs().mean(1)
    return -torch.clamp(d_img / d_z, max=tau).mean()


def d_loss_masked(real_logits: torch.Tensor, fake_logits: torch.Tensor, mask_d: torch.Tensor) -> torch.Tensor:
    """Discriminator loss where only the hole of a composite is fake (LaMa's use_unmasked_for_discr):
    real images are real everywhere, a composite's known patches are real too."""
    fake = mask_d * F.softplus(fake_logits) + (1 - mask_d) * F.softplus(-fake_logits)
    return F.softplus(-real_logits).mean() + fake.mean()


def g_adv_loss_masked(fake_logits: torch.Tensor, mask_d: torch.Tensor) -> torch.Tensor:
    """Generator adversarial loss on the hole patches only."""
    return (mask_d * F.softplus(-fake_logits)).sum() / (mask_d.sum() + 1e-6)


def logit_mask(mask: torch.Tensor, logits: torch.Tensor) -> torch.Tensor:
    """The hole's share of each discriminator patch: mask [B,1,R,R] area-resized to the logits' size."""
    return F.adaptive_avg_pool2d(mask, logits.shape[-2:])


def r1_penalty(real_logits: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """R1 (Mescheder et al. 2018): squared gradient norm of D at real images, mean over the batch."""
    g, = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
    return g.pow(2).sum((1, 2, 3)).mean()


def diff_augment(tensors: list[torch.Tensor], gen: torch.Generator | None = None, translate: float = 0.125) -> list[torch.Tensor]:
    """DiffAugment (Zhao et al. 2020): colour (brightness, saturation, contrast) and translation,
    differentiable, the same random parameters for every tensor in `tensors` (images [B,3,H,W]
    in [-1,1] and masks [B,1,H,W]; colour changes skip 1-channel tensors), so a real and a fake
    batch, or an image and its mask, move together. Used on everything the discriminator sees,
    because ~14k faces are few for a GAN."""
    x0 = tensors[0]
    b, _, h, w = x0.shape
    dev = x0.device
    rnd = lambda *s: torch.rand(*s, generator=gen).to(dev)
    bright, sat, con = rnd(b, 1, 1, 1) - 0.5, rnd(b, 1, 1, 1) * 2, rnd(b, 1, 1, 1) + 0.5
    sx, sy = int(w * translate + 0.5), int(h * translate + 0.5)
    tx = (rnd(b) * (2 * sx + 1)).long() - sx
    ty = (rnd(b) * (2 * sy + 1)).long() - sy
    # translation as a gather from a zero-padded copy (padding: 0 for images = mid grey)
    gy = (torch.arange(h, device=dev)[None, :] + ty[:, None] + sy).clamp(0, h + 2 * sy - 1)   # [B,H]
    gx = (torch.arange(w, device=dev)[None, :] + tx[:, None] + sx).clamp(0, w + 2 * sx - 1)   # [B,W]
    out = []
    for t in tensors:
        if t.shape[1] == 3:
            t = t + bright * 2
            m = t.mean(1, keepdim=True)
            t = (t - m) * sat + m
            m = t.mean((1, 2, 3), keepdim=True)
            t = (t - m) * con + m
        p = F.pad(t, (sx, sx, sy, sy))
        c = t.shape[1]
        p = p.gather(2, gy[:, None, :, None].expand(b, c, h, p.shape[3]))
        p = p.gather(3, gx[:, None, None, :].expand(b, c, h, w))
        out.append(p)
    return out


def part_rois(face_boxes: list[list[list[float]]], r: int) -> torch.Tensor:
    """roi_align boxes [K, 5] (batch index, x1, y1, x2, y2 in pixels) of every part of every face,
    from each face's boxes [cx, cy, w, h] in fractions (data.boxes_of, data.frame_boxes)."""
    rows = []
    for i, boxes in enumerate(face_boxes):
        for cx, cy, w, h in boxes:
            rows.append([i, (cx - w / 2) * r, (cy - h / 2) * r, (cx + w / 2) * r, (cy + h / 2) * r])
    return torch.tensor(rows, dtype=torch.float32)


def part_crops(t: torch.Tensor, rois: torch.Tensor, size: int) -> torch.Tensor:
    """The part boxes of t [B,C,R,R] bilinearly resampled to [K,C,size,size]; differentiable."""
    from torchvision.ops import roi_align
    return roi_align(t, rois.to(t.device), (size, size), spatial_scale=1.0, sampling_ratio=2, aligned=True)


def _gauss_1d(sigma: float = 1.5, radius: int = 5) -> torch.Tensor:
    x = torch.arange(-radius, radius + 1, dtype=torch.float32)
    k = torch.exp(-x * x / (2 * sigma * sigma))
    return k / k.sum()


def high_freq_energy(img: torch.Tensor) -> torch.Tensor:
    """(Y - G*Y)^2 of the BT.601 luma, G a Gaussian with sigma 1.5 (reflect border): the detail
    that the `sharpness` metric measures, per pixel. img [B,3,H,W] in [-1,1] -> [B,1,H,W]."""
    y = (luma(img) + 1) / 2     # [0, 1]
    k = _gauss_1d().to(img.device)
    r = k.numel() // 2
    blur = F.conv2d(F.pad(y, (r, r, 0, 0), mode="reflect"), k.view(1, 1, 1, -1))
    blur = F.conv2d(F.pad(blur, (0, 0, r, r), mode="reflect"), k.view(1, 1, -1, 1))
    return (y - blur) ** 2


def oriented_energy(img: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The fine detail of the BT.601 luma along each axis: (Y - Gx*Y)^2 and (Y - Gy*Y)^2, Gx and Gy the
    sigma-1.5 Gaussian along x only and along y only. Vertical streaks are all x-detail and no
    y-detail; skin and hair in the same amount of total detail have both. [B,3,H,W] -> 2 x [B,1,H,W]."""
    y = (luma(img) + 1) / 2
    k = _gauss_1d().to(img.device)
    r = k.numel() // 2
    bx = F.conv2d(F.pad(y, (r, r, 0, 0), mode="reflect"), k.view(1, 1, 1, -1))
    by = F.conv2d(F.pad(y, (0, 0, r, r), mode="reflect"), k.view(1, 1, -1, 1))
    return (y - bx) ** 2, (y - by) ** 2


def detail_loss(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor, patch: int = 8, eps: float = 1e-5,
                oriented: bool = False, aniso: float = 0.0, whole: float = 0.0) -> torch.Tensor:
    """Asks for as much fine detail as the real face has, patch by patch inside the hole, without
    asking for the same pixels: |log E_pred - log E_target| of the high-frequency energy averaged
    over patch x patch blocks that are mostly hole. A blurry fill (the average face) is far from
    the target here, while any texture with the right amount of detail is not; what that texture
    looks like is left to the adversarial and feature terms.

    `oriented`: the same for the detail along x and along y separately (oriented_energy), averaged.
    Stage 3 met the total with vertical streaks carried down from the hairline into large holes,
    which have the right amount of detail in the wrong direction.

    `aniso` (with the total, not `oriented`): plus aniso x the gap between the fill's and the
    real face's log(x-detail / y-detail) per patch, the direction alone. The oriented loss took
    sharpness down with the streaks (the cheap way to less x-detail is less detail); this keeps
    asking for the total while it asks for the direction.

    `whole`: plus whole x |log E_pred - log E_target| of the energy averaged over each image's
    whole hole (what the `sharpness` metric compares, in log), averaged over the images with a
    hole. Per patch, where the fill cannot know whether an eyelid or smooth skin belongs, the log
    gap is least at the median energy, and the median of a skewed distribution is below its mean
    (a flat fill costs less there than the right detail in the wrong places: the test); the fills
    came out with 0.7-0.8 of the real detail, measured as a mean. Over the whole hole the amount is
    known; where it goes is left to the patch terms and the adversarial ones."""
    m = (F.avg_pool2d(mask, patch) > 0.5).float()
    logp = lambda a: torch.log(F.avg_pool2d(a, patch) + eps)
    mean_in = lambda d: (d.abs() * m).sum() / (m.sum() + 1e-6)
    gap = lambda a, b: mean_in(logp(a) - logp(b))
    if oriented:
        (px, py), (tx, ty) = oriented_energy(pred), oriented_energy(target)
        return 0.5 * (gap(px, tx) + gap(py, ty))
    e_pred, e_target = high_freq_energy(pred), high_freq_energy(target)
    total = gap(e_pred, e_target)
    if whole > 0:
        area = mask.sum((1, 2, 3))
        mean_of = lambda e: (e * mask).sum((1, 2, 3)) / (area + 1e-6)
        per_image = (torch.log(mean_of(e_pred) + eps) - torch.log(mean_of(e_target) + eps)).abs()
        has = (area > 0).float()
        total = total + whole * (per_image * has).sum() / (has.sum() + 1e-6)
    if aniso > 0:
        (px, py), (tx, ty) = oriented_energy(pred), oriented_energy(target)
        total = total + aniso * mean_in((logp(px) - logp(py)) - (logp(tx) - logp(ty)))
    return total
