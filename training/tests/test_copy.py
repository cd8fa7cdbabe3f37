"""The copy attention (model/copy.py): it finds the mirrored counterpart of a hole cell near its
mirror image and copies its pixels, never a hole's; it starts as the old network; a run turns it on
from weights without it; it exports."""
import json

import onnx
import torch

from training.checkpoint import load_generator, load_new_parts, save_atomic, to_release
from training.config import Config, tiny
from training.export import export_graphs, parity
from training.model import build_generator
from training.model.copy import CopyAttention, from_cells, shifted, to_cells
from training.tests.test_train_export import tiny_run
from training.train import train


def test_cells_round_trip_and_shifts_look_where_they_say():
    x = torch.randn(2, 3, 16, 16)
    assert torch.equal(from_cells(to_cells(x, 4), 3, 4), x)
    assert torch.equal(to_cells(x, 4)[:, :, 1, 2].reshape(2, 3, 4, 4), x[:, :, 4:8, 8:12])
    g = torch.randn(1, 1, 5, 5)
    views = shifted(g, 1)                                    # offsets row by row: (-1,-1) ... (1,1)
    assert torch.equal(views[4], g)
    assert torch.equal(views[5][..., :, :4], g[..., :, 1:])   # (0, +1): the right neighbour
    assert torch.equal(views[7][..., :4, :], g[..., 1:, :])   # (+1, 0): the one below
    assert torch.all(views[0][..., 0, :] == 0)               # beyond the border: zeros


def test_a_hole_cell_copies_its_mirrored_counterpart_and_never_a_hole():
    torch.manual_seed(0)
    s, cell, c = 8, 4, 8
    attn = CopyAttention(c, 4, cell, dim=c, reach=2, scale=1000.0, smooth=1)   # smoothing: the next test
    attn.copy_key.weight.data = torch.eye(c)[:, :, None, None]
    attn.copy_key.bias.data.zero_()
    feats = torch.nn.functional.normalize(torch.randn(1, c, s, s), dim=1)
    image = torch.rand(1, 3, s * cell, s * cell) * 2 - 1
    mask = torch.zeros(1, 1, s * cell, s * cell)
    hole = [(3, 1), (3, 2), (4, 1), (4, 2)]                  # cells on the left side
    dy, dx = 1, -1                                           # where the counterpart sits in the mirrored photo
    for i, j in hole:
        feats[0, :, i, j] = feats[0, :, i + dy, s - 1 - (j + dx)]   # the mirrored map at (i+dy, j+dx)
        mask[..., i * cell:(i + 1) * cell, j * cell:(j + 1) * cell] = 1
    image = image * (1 - mask)
    out = attn.copied(feats, image, mask)
    mirrored = image.flip(3)
    for i, j in hole:
        got = out[0, :3, i * cell:(i + 1) * cell, j * cell:(j + 1) * cell]
        want = mirrored[0, :, (i + dy) * cell:(i + dy + 1) * cell, (j + dx) * cell:(j + dx + 1) * cell]
        assert (got - want).abs().max() < 1e-3
    assert out[0, 3].min() > 0.999                           # all of it came from known cells
    # a candidate with any hole in it is never taken, however well it matches
    mask2 = mask.clone()
    i, j = hole[0]
    si, sj = i + dy, s - 1 - (j + dx)                        # the counterpart, in the photo's own cells
    mask2[..., si * cell:si * cell + 1, sj * cell:sj * cell + 1] = 1   # one pixel of it painted
    out2 = attn.copied(feats, image * (1 - mask2), mask2)
    got = out2[0, :3, i * cell:(i + 1) * cell, j * cell:(j + 1) * cell]
    want = mirrored[0, :, (i + dy) * cell:(i + dy + 1) * cell, (j + dx) * cell:(j + dx + 1) * cell]
    assert (got - want).abs().max() > 0.1
    assert out2[0, 3].min() > 0.999
    # the match loss: low where the attention already takes the truth's nearest candidate, and it
    # reaches the attention's key; the truth here is the counterpart itself
    truth = image.clone()
    for i, j in hole:
        truth[..., i * cell:(i + 1) * cell, j * cell:(j + 1) * cell] = \
            mirrored[..., (i + dy) * cell:(i + dy + 1) * cell, (j + dx) * cell:(j + dx + 1) * cell]
    attn.train()
    attn.copied(feats, image, mask)
    assert attn.match_loss(truth, mask) < 0.05
    attn.copy_scale.data.fill_(1.0)                          # a soft attention: the same target, a higher loss
    attn.copied(feats, image, mask)
    loss = attn.match_loss(truth, mask)
    assert loss > 1.0
    loss.backward()
    assert attn.copy_key.weight.grad.abs().max() > 0 and attn.copy_scale.grad < 0   # sharpen
    attn.eval()
    attn.copied(feats, image, mask)
    assert attn.last_match is None                           # nothing held outside training


def test_smoothing_moves_a_region_as_one_piece_where_single_cells_would_not_decide():
    torch.manual_seed(0)
    s, cell, c, dx = 16, 4, 8, 1
    attn = CopyAttention(c, 4, cell, dim=c, reach=2, scale=1000.0, smooth=7)
    attn.copy_key.weight.data = torch.eye(c)[:, :, None, None]
    attn.copy_key.bias.data.zero_()
    feats = torch.randn(1, c, s, s)
    for j in range(s):                                       # every cell matches the mirrored map at (0, dx)
        if 0 <= s - 1 - j - dx < s and j < s - 1 - j - dx:
            feats[0, :, :, j] = feats[0, :, :, s - 1 - j - dx]
    mask = torch.zeros(1, 1, s * cell, s * cell)
    mask[..., 5 * cell:9 * cell, 2 * cell:5 * cell] = 1      # a hole on the left
    hole_cells = [(i, j) for i in range(5, 9) for j in range(2, 5)]
    feats_blurred = feats.clone()
    for i, j in hole_cells:                                  # the hole's own features say little
        feats_blurred[0, :, i, j] = feats[0, :, i, j] * 0.2 + torch.randn(c) * 0.8
    image = (torch.rand(1, 3, s * cell, s * cell) * 2 - 1) * (1 - mask)
    out = attn.copied(feats_blurred, image, mask)
    mirrored = image.flip(3)
    for i, j in hole_cells:
        got = out[0, :3, i * cell:(i + 1) * cell, j * cell:(j + 1) * cell]
        want = mirrored[0, :, i * cell:(i + 1) * cell, (j + dx) * cell:(j + dx + 1) * cell]
        assert (got - want).abs().max() < 1e-3


def test_the_copy_starts_as_the_old_network_turns_on_in_a_run_and_exports(tmp_path, synthetic_faces):
    torch.manual_seed(0)
    cfg = tiny()
    old = build_generator(cfg).eval()
    for p in old.parameters():                               # non-trivial weights everywhere
        p.data.normal_(0, 0.1)
    cfg.model.copy = True
    new = build_generator(cfg).eval()
    assert sorted(load_new_parts(new, old.state_dict())) == [
        "refine.copy_attn.copy_gate.bias", "refine.copy_attn.copy_gate.weight", "refine.copy_attn.copy_key.bias",
        "refine.copy_attn.copy_key.weight", "refine.copy_attn.copy_offset", "refine.copy_attn.copy_scale",
        "refine.copy_attn.copy_side.weight"]
    for g in (old, new):
        g.prior.set_noise_mode("const")
    r = cfg.data.resolution
    image, mask, z = torch.rand(1, 3, r, r) * 2 - 1, torch.zeros(1, 1, r, r), torch.randn(1, cfg.model.z_dim)
    mask[..., 8:16, 4:12] = 1
    a, b = old(image, mask, z), new(image, mask, z)
    assert torch.equal(a.output, b.output)                   # zero side conv: the same network
    assert b.copied.shape == (1, 4, r, r) and a.copied is None
    # a run turns the copy on from weights without it: the old groups keep their Adam moments
    tiny_run(tmp_path, synthetic_faces, 4)
    run_cfg = Config.from_dict(json.loads((tmp_path / "run/config.json").read_text()))
    run_cfg.model.copy = True
    assert train(run_cfg, max_steps=3, quiet=True)["step"] == 7
    ckpt = torch.load(tmp_path / "run/ckpt.pt")
    resumed = [h for h in ckpt["history"] if "resumed_from" in h][-1]
    assert resumed["model_changes"] == {"copy": True}
    assert resumed["new_modules"] == ["refine.copy_attn"]
    assert resumed["opt_g_groups_kept"] == 1
    lrs = [gr["lr"] for gr in ckpt["opt_g"]["param_groups"]]
    assert lrs == [run_cfg.train.lr, run_cfg.train.lr * run_cfg.train.copy_lr_mult]
    assert ckpt["g"]["refine.copy_attn.copy_side.weight"].abs().max() > 0   # it trained
    assert ckpt["g"]["refine.copy_attn.copy_gate.weight"].abs().max() > 0
    log = [json.loads(l) for l in (tmp_path / "run/log.jsonl").read_text().splitlines()]
    assert any("copy" in e for e in log)
    assert train(run_cfg, max_steps=1, quiet=True)["step"] == 8   # and resumes with both groups
    save_atomic(to_release(torch.load(tmp_path / "run/ckpt.pt")), tmp_path / "release.pt")
    g, cfg, _ = load_generator(tmp_path / "release.pt")
    paths = export_graphs(g, r, cfg.model.z_dim, tmp_path / "models")
    assert any(n.op_type == "Softmax" for n in onnx.load(str(paths["refine"])).graph.node)
    diff = parity(g, paths, r, cfg.model.z_dim)
    assert max(diff.values()) < 1e-4, diff
