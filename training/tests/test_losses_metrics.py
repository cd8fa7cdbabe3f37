import pytest
import numpy as np
import torch
from skimage.metrics import structural_similarity

from training import losses, metrics
from training.evaluate import mask_index


def test_torch_ssim_matches_scikit_image():
    rng = np.random.default_rng(0)
    a = rng.random((32, 32, 3))
    b = np.clip(a + rng.normal(0, 0.1, a.shape), 0, 1)
    want = structural_similarity(a, b, channel_axis=2, data_range=1.0)
    ta = torch.from_numpy(a).permute(2, 0, 1)[None].float() * 2 - 1
    tb = torch.from_numpy(b).permute(2, 0, 1)[None].float() * 2 - 1
    assert abs(float(losses.ssim(ta, tb)[0]) - want) < 1e-4


def test_metrics_on_known_pairs():
    a = np.full((16, 16, 3), 0.5)
    assert metrics.psnr(a, a) == float("inf")
    assert metrics.ssim(a, a) == 1.0
    assert abs(metrics.psnr(a, a + 0.1) - 20.0) < 1e-9      # MSE 0.01 -> 20 dB
    assert abs(metrics.l1(a, a + 0.1) - 0.1) < 1e-12


def test_masked_l1_weights_the_hole():
    t = torch.zeros(1, 3, 4, 4)
    p = torch.ones(1, 3, 4, 4)
    m = torch.zeros(1, 1, 4, 4)
    m[..., :2, :] = 1
    assert float(losses.masked_l1(p, t, m, 6.0, 1.0)) == (6 + 1) / 2


def test_pairing_rule_spreads_masks_over_the_bucket():
    ids = [mask_index(i, 400, 4000) for i in range(400)]
    assert ids[0] == 4000 and ids[1] == 4010 and ids[-1] == 7990
    assert mask_index(200, 400, 8000) == 10000


def test_mode_seeking_rewards_different_fills_and_is_capped():
    m = torch.zeros(2, 1, 8, 8)
    m[:, :, 2:6, 2:6] = 1
    za, zb = torch.zeros(2, 4), torch.ones(2, 4)                  # d_z = 1
    same = torch.zeros(2, 3, 8, 8)
    apart = same.clone()
    apart[:, :, 2:6, 2:6] = 0.1                                   # differs by 0.1 inside the hole only
    assert float(losses.mode_seeking(same, same, za, zb, m, 1.0)) == 0.0
    assert abs(float(losses.mode_seeking(same, apart, za, zb, m, 1.0)) + 0.1) < 1e-6
    assert abs(float(losses.mode_seeking(same, apart, za, zb, m, 0.05)) + 0.05) < 1e-6
    outside = same.clone()
    outside[:, :, 0, :] = 1.0                                     # differences outside the hole do not count
    assert float(losses.mode_seeking(same, outside, za, zb, m, 1.0)) == 0.0


def test_lowres_l1_ignores_texture_but_not_colour():
    m = torch.ones(1, 1, 8, 8)
    t = torch.zeros(1, 3, 8, 8)
    checker = (torch.arange(8)[:, None] + torch.arange(8)[None, :]) % 2 * 2 - 1.0   # +-1, mean 0 per 4x4 block
    assert float(losses.lowres_hole_l1(checker.expand(1, 3, 8, 8), t, m, 4)) < 1e-6
    assert abs(float(losses.lowres_hole_l1(t + 0.5, t, m, 4)) - 0.5) < 1e-6


def test_masked_discriminator_losses():
    logits = torch.zeros(1, 1, 2, 2)
    mask_d = torch.tensor([[[[1.0, 0.0], [0.0, 0.0]]]])
    # the generator loss looks at hole patches only
    big = logits.clone()
    big[..., 1, 1] = -20                                          # a known patch judged fake: ignored
    assert abs(float(losses.g_adv_loss_masked(big, mask_d)) - float(torch.nn.functional.softplus(torch.tensor(0.0)))) < 1e-6
    # a composite's known patches count as real for the discriminator
    fake = torch.full((1, 1, 2, 2), 10.0)                        # says "real" everywhere
    bad = losses.d_loss_masked(logits, fake, mask_d)
    fake[..., 0, 0] = -10.0                                       # says "fake" on the hole patch only
    good = losses.d_loss_masked(logits, fake, mask_d)
    assert float(good) < float(bad)


def test_r1_penalty_is_the_squared_input_gradient():
    x = torch.randn(2, 3, 4, 4, requires_grad=True)
    logits = (3 * x).sum((1, 2, 3))                               # gradient 3 everywhere
    assert abs(float(losses.r1_penalty(logits, x)) - 9 * 48) < 1e-3


def test_diff_augment_moves_image_and_mask_together():
    gen = torch.Generator().manual_seed(0)
    img = torch.zeros(4, 3, 16, 16)
    m = torch.zeros(4, 1, 16, 16)
    img[:, :, 6:10, 6:10] = 1.0
    m[:, :, 6:10, 6:10] = 1.0
    a_img, a_m = losses.diff_augment([img, m], gen)
    assert a_img.shape == img.shape and a_m.shape == m.shape
    assert set(torch.unique(a_m).tolist()) <= {0.0, 1.0}          # masks are only translated
    for b in range(4):                                            # the bright square sits where the mask went
        inside = a_img[b][:, a_m[b, 0] > 0].mean()
        outside = a_img[b][:, a_m[b, 0] == 0].mean()
        assert inside > outside
    x = torch.randn(2, 3, 8, 8, requires_grad=True)
    losses.diff_augment([x], gen)[0].sum().backward()             # differentiable
    assert x.grad is not None


def test_sharpness_and_diversity():
    rng = np.random.default_rng(0)
    orig = rng.random((32, 32, 3))
    hole = np.zeros((32, 32), np.uint8)
    hole[8:24, 8:24] = 1
    assert abs(metrics.sharpness(orig, orig, hole) - 1.0) < 1e-12
    flat = orig.copy()
    flat[8:24, 8:24] = 0.5
    assert metrics.sharpness(flat, orig, hole) < 0.2                # a flat fill has little detail
    assert metrics.sharpness(orig, np.full_like(orig, 0.5), hole) is None
    pair, err = metrics.diversity([flat, flat, flat], orig, hole)
    assert pair == 0.0 and err > 0
    other = flat.copy()
    other[8:24, 8:24] = 0.7
    pair, _ = metrics.diversity([flat, other], orig, hole)
    assert abs(pair - 0.2) < 1e-9


def test_detail_loss_wants_detail_not_pixels():
    gen = torch.Generator().manual_seed(0)
    target = torch.rand(2, 3, 32, 32, generator=gen) * 2 - 1
    mask = torch.ones(2, 1, 32, 32)
    blurry = torch.nn.functional.avg_pool2d(target, 5, 1, 2)
    other = torch.rand(2, 3, 32, 32, generator=gen) * 2 - 1                # different pixels, same kind of detail
    assert float(losses.detail_loss(target, target, mask)) < 1e-6
    assert float(losses.detail_loss(other, target, mask)) < 0.3 * float(losses.detail_loss(blurry, target, mask))
    # the per-pixel energy is what metrics.detail_energy averages (same luma, same Gaussian)
    img = target[0].permute(1, 2, 0).numpy() * 0.5 + 0.5
    hole = np.ones((32, 32), np.uint8)
    want = metrics.detail_energy(img.astype(np.float64), hole)
    got = float(losses.high_freq_energy(target[:1]).mean())
    assert abs(got - want) / want < 0.02


def test_chroma_l1_sees_colour_not_brightness():
    t = torch.zeros(1, 3, 8, 8)
    m = torch.ones(1, 1, 8, 8)
    grey = t + 0.3                                   # brighter, same (zero) chroma
    assert float(losses.chroma_hole_l1(grey, t, m, 2)) < 1e-6
    purple = t.clone(); purple[:, 0] += 0.4; purple[:, 2] += 0.4
    assert float(losses.chroma_hole_l1(purple, t, m, 2)) > 0.05
    outside = torch.zeros(1, 1, 8, 8)
    assert float(losses.chroma_hole_l1(purple, t, outside, 2)) < 1e-6


def test_the_oriented_detail_loss_sees_streaks_that_have_the_right_amount_of_detail():
    gen = torch.Generator().manual_seed(0)
    mask = torch.ones(1, 1, 32, 32)
    target = torch.rand(1, 3, 32, 32, generator=gen) * 2 - 1                  # isotropic detail
    noise = torch.rand(1, 3, 32, 32, generator=gen) * 2 - 1                   # other pixels, same kind
    streaks = (torch.rand(1, 3, 1, 32, generator=gen) * 2 - 1).expand(1, 3, 32, 32) * 1.3   # columns: detail along x only
    iso = lambda p: float(losses.detail_loss(p, target, mask))
    ori = lambda p: float(losses.detail_loss(p, target, mask, oriented=True))
    assert ori(target) < 1e-6
    # the total detail of the streaks is about right, so the plain loss hardly minds them; per direction it does
    assert ori(streaks) > 3 * iso(streaks) and ori(streaks) > 3 * ori(noise)
    ex, ey = losses.oriented_energy(streaks)
    assert float(ey.mean()) < 1e-9 < float(ex.mean())
    # the total plus the direction: streaks cost more than the total alone makes them, other
    # isotropic detail no more, and a blank fill still costs what the total says (sharpness is kept)
    aniso = lambda p: float(losses.detail_loss(p, target, mask, aniso=0.5))
    assert aniso(target) < 1e-6
    assert aniso(streaks) > 3 * iso(streaks)
    assert abs(aniso(noise) - iso(noise)) < 0.5 * iso(noise) + 0.05
    flat = torch.zeros_like(target)
    assert aniso(flat) >= iso(flat) > 1.0


def test_the_whole_hole_detail_term_asks_for_the_mean_amount_not_the_median():
    # a real hole with detail in a quarter of its patches (an eye in smooth skin): per patch, a flat
    # fill (the median patch's energy, none) costs less than the right amount of detail in the wrong
    # places (2.5 against 4.9 here), so a fill that cannot place the detail learns to leave it out;
    # the whole-hole term turns that round
    gen = torch.Generator().manual_seed(1)
    target = torch.zeros(1, 3, 32, 32)
    target[:, :, :16, :16] = torch.rand(1, 3, 16, 16, generator=gen) * 2 - 1     # detail in one quarter
    mask = torch.ones(1, 1, 32, 32)
    flat = torch.zeros(1, 3, 32, 32)
    spread = (torch.rand(1, 3, 32, 32, generator=gen) * 2 - 1) * 0.5             # the same mean energy, everywhere
    e = lambda t: float(losses.high_freq_energy(t).mean())
    assert 0.5 < e(spread) / e(target) < 2.0
    whole = lambda t, w: float(losses.detail_loss(t, target, mask, whole=w)) - float(losses.detail_loss(t, target, mask))
    assert whole(target, 1.0) < 1e-6
    assert whole(spread, 1.0) < 0.7 < whole(flat, 1.0)
    assert float(losses.detail_loss(flat, target, mask)) < float(losses.detail_loss(spread, target, mask))
    assert float(losses.detail_loss(flat, target, mask, whole=1.0)) > float(losses.detail_loss(spread, target, mask, whole=1.0))
    # no hole: no term (and no NaN)
    assert float(losses.detail_loss(flat, target, torch.zeros(1, 1, 32, 32), whole=1.0)) == 0.0


def test_deep_follow_counts_only_cells_deep_inside_the_hole():
    from training.losses import deep_follow_l1
    m = torch.zeros(1, 1, 64, 64)
    m[..., 16:48, 16:48] = 1                           # a 32 px square hole: deep (>= 6 px in) is 22..41
    guide = torch.zeros(1, 3, 64, 64)
    edge = guide.clone()
    edge[..., 16:20, 16:48] = 1                        # a change within the hole's first 4 px: not deep
    assert deep_follow_l1(edge, guide, m, 6, 4).item() == 0
    ghost = guide.clone()
    ghost[..., 28:36, 28:36] = 0.5                     # a ghost in the middle of the hole
    assert deep_follow_l1(ghost, guide, m, 6, 4).item() == pytest.approx(0.5 * 4 / 16)  # 4 of the 16 deep cells
    fine = guide.clone()
    fine[..., 24:40, 24:40] = torch.tensor([1.0, -1.0]).repeat(8)  # texture finer than the cells: free
    assert deep_follow_l1(fine, guide, m, 6, 4).item() == pytest.approx(0, abs=1e-6)
    # a hole that runs off the crop's border is deep up to the border: nothing is known past it
    off = torch.zeros(1, 1, 64, 64)
    off[..., :, 40:] = 1
    right = guide.clone()
    right[..., 60:64] = 1
    assert deep_follow_l1(right, guide, off, 6, 4).item() > 0


def painted_case(batch: int, size: int, hole: tuple[int, int], part: tuple[int, int]):
    """A photo, a noisy restoration of it, a square hole and a painted part inside it (loss.free_parts):
    (target, pred, mask, free); pred requires grad."""
    target = torch.rand(batch, 3, size, size) * 2 - 1
    pred = (target + 0.3 * torch.randn_like(target)).requires_grad_()
    mask = torch.zeros(batch, 1, size, size); mask[..., hole[0]:hole[1], hole[0]:hole[1]] = 1
    free = torch.zeros_like(mask); free[..., part[0]:part[1], part[0]:part[1]] = 1
    return target, pred, mask, free


def test_free_parts_ask_nothing_of_their_pixels_and_the_rest_as_before():
    # loss.free_parts: a painted eye's pixels get no gradient from stage 3's full-resolution L1,
    # chroma L1, SSIM and detail loss
    torch.manual_seed(0)
    target, pred, mask, free = painted_case(1, 32, (2, 30), (8, 24))
    from training.config import LossConfig
    from training.train import judged_hole, stage_loss
    lc = LossConfig(lowres_l1=0.0)                           # the 1/8-resolution L1 still asks for layout there
    loss = stage_loss(pred, pred, target, mask, lc, 0.5, free) + losses.detail_loss(pred, target, judged_hole(mask, free), whole=1.0)
    loss.backward()
    g = pred.grad.abs().sum(1)[0]
    assert g[14:18, 14:18].max() == 0                        # nothing asked of the painted part (its border
    assert g[2:6, 2:30].min() > 0                            # feels the detail loss's blur); the rest still answers
    with torch.no_grad():                                    # no free pixels: the losses as they were
        none = torch.zeros_like(mask)
        assert torch.equal(losses.masked_l1(pred, target, mask, 0.5, 1.0, none), losses.masked_l1(pred, target, mask, 0.5, 1.0))
        assert torch.allclose(losses.ssim(pred, target, free=none), losses.ssim(pred, target))


def test_free_parts_lowres_frees_the_eighth_resolution_l1_too():
    torch.manual_seed(0)
    target, _, mask, free = painted_case(1, 32, (2, 30), (8, 24))   # the part: whole 8 px cells
    from training.config import LossConfig
    from training.train import stage_loss
    for freed, asked in ((False, True), (True, False)):
        pred = (target + 0.3 * torch.randn_like(target)).requires_grad_()
        lc = LossConfig(hole_l1=0.0, valid_l1=0.0, chroma_l1=0.0, ssim=0.0, free_parts_lowres=freed)
        stage_loss(pred, pred, target, mask, lc, 0.0, free).backward()
        g = pred.grad.abs().sum(1)[0]
        assert (g[8:24, 8:24].max() > 0) == asked
        assert g[2:6, 2:30].min() > 0                        # the rest of the hole still answers


def test_free_parts_features_leave_a_painted_part_to_the_adversarial_terms():
    # loss.free_parts_features: feature matching sees the painted part filled with the truth
    # (train.judged_image) and asks nothing of it; the adversarial term still judges it
    from training.config import Config
    from training.model import build_part_discriminator
    from training.train import generator_gan_terms, judged_image
    torch.manual_seed(0)
    real, fake, mask, free = painted_case(2, 40, (4, 36), (12, 28))
    d = build_part_discriminator(Config())
    adv, fm = generator_gan_terms(d, d, fake, real, mask, 1.0, 1.0, judged_image(fake, real, free))
    g_fm, = torch.autograd.grad(fm, fake, retain_graph=True)
    g_adv, = torch.autograd.grad(adv, fake)
    assert g_fm[..., 12:28, 12:28].abs().max() == 0
    assert g_fm[..., 4:8, 4:36].abs().sum() > 0              # the rest of the hole still answers
    assert g_adv[..., 12:28, 12:28].abs().sum() > 0
    assert judged_image(fake, real, None) is fake            # nothing painted: what it was


def test_region_moments_ask_for_brightness_and_spread_not_layout():
    torch.manual_seed(0)
    truth = torch.rand(2, 3, 32, 32) * 2 - 1
    region = torch.zeros(2, 1, 32, 32)
    region[:, :, 8:20, 6:26] = 1
    # the same pixels in another order inside the region: same moments, nothing asked
    perm = torch.randperm(12 * 20)
    shuffled = truth.clone()
    block = shuffled[:, :, 8:20, 6:26].reshape(2, 3, -1)[:, :, perm].reshape(2, 3, 12, 20)
    shuffled[:, :, 8:20, 6:26] = block
    assert losses.region_moments_l1(shuffled, truth, region).item() < 1e-5
    # the region's contrast raised by half: its spread is wrong, and the gradient stays inside it
    brighter = truth.clone()
    mean = truth[:, :, 8:20, 6:26].mean((2, 3), keepdim=True)
    brighter[:, :, 8:20, 6:26] = mean + 1.5 * (truth[:, :, 8:20, 6:26] - mean)
    brighter.requires_grad_(True)
    loss = losses.region_moments_l1(brighter, truth, region)
    assert loss.item() > 0.05
    loss.backward()
    assert brighter.grad[:, :, :8].abs().max() == 0 and brighter.grad[:, :, 8:20, 6:26].abs().max() > 0
    # an image without the region (or with a few pixels of it) neither counts nor divides
    region[1] = 0
    one = losses.region_moments_l1(brighter.detach(), truth, region)
    assert torch.isclose(one, losses.region_moments_l1(brighter.detach()[:1], truth[:1], region[:1]))
    assert losses.region_moments_l1(brighter.detach(), truth, torch.zeros_like(region)).item() == 0
