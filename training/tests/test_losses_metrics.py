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
