import torch

from training.config import Config, tiny
from training.model import build_discriminator, build_generator


def test_every_stage_has_the_contract_shapes():
    cfg = tiny()
    r, z = cfg.data.resolution, cfg.model.z_dim
    g = build_generator(cfg)
    image = torch.rand(2, 3, r, r) * 2 - 1
    mask = (torch.rand(2, 1, r, r) > 0.5).float()
    o = g(image, mask, torch.randn(2, z))
    for t in vars(o).values():
        assert t.shape == (2, 3, r, r)
        assert t.min() >= -1 and t.max() <= 1
    logits, feats = build_discriminator(cfg)(o.output_composite, mask)
    assert logits.shape[:2] == (2, 1) and len(feats) == 4


def test_composites_keep_known_pixels_exactly():
    cfg = tiny()
    r = cfg.data.resolution
    g = build_generator(cfg)
    image = torch.rand(1, 3, r, r) * 2 - 1
    mask = torch.zeros(1, 1, r, r)
    mask[..., 8:20, 4:16] = 1
    o = g(image, mask, torch.randn(1, cfg.model.z_dim))
    known = (mask == 0).expand_as(image)
    for t in (o.prior_composite, o.structure_composite, o.output_composite):
        assert torch.equal(t[known], image[known])


def test_z_changes_the_imagined_face():
    cfg = tiny()
    g = build_generator(cfg).eval()
    g.prior.set_noise_mode("const")
    for p in g.prior.encoder.parameters():   # break the zero-init symmetry of the style affines
        p.data.normal_(0, 0.2)
    for mod in g.prior.modules():
        if hasattr(mod, "affine"):
            mod.affine.weight.data.normal_(0, 0.2)
    r = cfg.data.resolution
    x, m = torch.zeros(1, 3, r, r), torch.ones(1, 1, r, r)
    a = g.prior(x, m, torch.randn(1, cfg.model.z_dim))
    b = g.prior(x, m, torch.randn(1, cfg.model.z_dim))
    assert (a - b).abs().max() > 1e-4


def test_shipping_config_fits_the_size_budget():
    g = build_generator(Config())
    params = sum(p.numel() for p in g.parameters())
    assert params * 4 <= 20e6, f"{params} parameters = {params * 4 / 1e6:.1f} MB fp32"
