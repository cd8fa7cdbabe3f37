"""The mirror copy (model/copy.py): the hole takes the mirrored photo at the offset that its guide
matches, as one piece, never a hole's pixels; it starts as the old network; a run turns it on from
weights without it; it exports."""
import json

import onnx
import torch
import torch.nn.functional as F

from training.checkpoint import load_generator, save_atomic, to_release
from training.config import Config
from training.export import export_graphs, parity
from training.model.copy import from_cells, mirror_copy, relit, shift_stack, to_cells
from training.tests.test_train_export import old_and_new, tiny_run
from training.train import train


def shifted(x: torch.Tensor, reach: int | tuple[int, int]) -> list[torch.Tensor]:
    """The reference for model/copy.py shift_stack (the model's own form until 2026-12-05): x [B,C,S,T]
    seen from every offset (dy, dx) in [-ry, ry] x [-rx, rx] (reach = (ry, rx), or one int for both),
    row by row: out[k][..., i, j] = x[..., i + dy, j + dx], zeros beyond the border."""
    ry, rx = (reach, reach) if isinstance(reach, int) else reach
    s, t = x.shape[-2:]
    p = F.pad(x, (rx, rx, ry, ry))
    return [p[:, :, dy:dy + s, dx:dx + t] for dy in range(2 * ry + 1) for dx in range(2 * rx + 1)]


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
    # the graph's form (one Gather, channels last): the same views, for a map of several channels
    x = torch.randn(2, 5, 6, 9)
    listed = torch.stack(shifted(x, (2, 3)), 2)              # [B,C,n,S,T]
    assert torch.equal(shift_stack(x, (2, 3)), listed.permute(0, 3, 4, 2, 1))


def test_the_hole_takes_the_mirrored_photo_at_the_offset_its_guide_matches_as_one_piece():
    torch.manual_seed(0)
    s, cell, dy, dx = 16, 4, 1, -1
    r = s * cell
    image = torch.rand(1, 3, r, r) * 2 - 1
    mask = torch.zeros(1, 1, r, r)
    mask[..., 5 * cell:9 * cell, 2 * cell:5 * cell] = 1        # a hole on the left, 4 x 3 cells
    image = image * (1 - mask)
    mirrored = image.flip(3)
    block = lambda t, i, j: t[0, :, i * cell:(i + 1) * cell, j * cell:(j + 1) * cell]
    guide = image.clone()
    hole_cells = [(i, j) for i in range(5, 9) for j in range(2, 5)]
    for i, j in hole_cells:                                   # stage 2's fill: the counterpart, roughly
        guide[0, :, i * cell:(i + 1) * cell, j * cell:(j + 1) * cell] = \
            block(mirrored, i + dy, j + dx) + 0.6 * torch.randn(3, cell, cell)
    out, evidence = mirror_copy(image, mask, guide, cell)
    for i, j in hole_cells:                                   # the counterpart itself, not the rough fill
        assert (block(out, i, j)[:3] - block(mirrored, i + dy, j + dx)).abs().max() < 1e-3
    assert out[0, 3][mask[0, 0] > 0].min() > 0.999             # all of it from known cells
    outside = mask[0, 0] == 0                                  # outside the hole: the guide, nothing found
    assert torch.equal(out[0, :3][:, outside], guide[0][:, outside]) and out[0, 3][outside].abs().max() == 0
    # a candidate with any hole in it is never taken, however well it matches
    i, j = hole_cells[0]
    si, sj = i + dy, s - 1 - (j + dx)                          # the counterpart, in the photo's own cells
    mask2 = mask.clone()
    mask2[..., si * cell, sj * cell] = 1                       # one pixel of it painted
    out2 = mirror_copy(image * (1 - mask2), mask2, guide, cell)[0]
    assert (block(out2, i, j)[:3] - block(mirrored, i + dy, j + dx)).abs().max() > 0.1
    assert out2[0, 3][mask[0, 0] > 0].min() > 0.999
    # where no offset reaches a known cell (a hole wider than the reach), nothing is found
    wide = torch.zeros(1, 1, r, r)
    wide[..., :, : r // 2 + 2 * cell] = 1
    far, far_evidence = mirror_copy(image * (1 - wide), wide, guide, cell, reach=1)
    assert far[0, 3, 8 * cell, 7 * cell] < 1e-3                # mirrored: cells 7-9, all hole
    assert far[0, 3, 8 * cell, 0] > 0.999                      # mirrored: cell 15, known
    # the evidence: a good score over the matched hole; its mirror image painted only where it is
    assert evidence[0, 0, 5:9, 2:5].min() > 0.5 and evidence[0, 0][mask[0, 0, ::cell, ::cell] == 0].abs().max() == 0
    assert evidence[0, 1].max() == 0                           # the hole's mirror image is known
    assert far_evidence[0, 1, 8, 7] == 1 and far_evidence[0, 1, 8, 0] == 0


def test_the_copy_is_relit_to_the_light_around_the_hole():
    torch.manual_seed(0)
    r = 64
    photo = torch.nn.functional.avg_pool2d(torch.rand(1, 3, r, r) * 2 - 1, 9, 1, 4)   # a smooth face-like field
    mask = torch.zeros(1, 1, r, r)
    mask[..., 20:34, 10:26] = 1
    shade = torch.tensor([0.3, -0.2, 0.1]).view(1, 3, 1, 1)          # the other side lit differently
    copy = photo + shade + 0.05 * torch.randn(1, 3, r, r)             # and its own detail
    out = relit(copy, photo * (1 - mask), mask)
    hole = mask[0, 0] > 0
    # inside the hole the shading is gone and the detail stays
    assert (out - photo)[0][:, hole].mean(1).abs().max() < 0.01
    assert ((out - photo) - (copy - photo - shade))[0][:, hole].abs().max() < 0.02
    # no known pixel near the hole: nothing to go by, the copy as it was
    assert torch.allclose(relit(copy, photo, torch.ones(1, 1, r, r)), copy)


def test_the_copy_starts_as_the_old_network_turns_on_in_a_run_and_exports(tmp_path, synthetic_faces):
    torch.manual_seed(0)
    cfg, old, new, keys = old_and_new(copy=True)
    assert keys == ["refine.copy_attn.copy_gate.bias", "refine.copy_attn.copy_gate.weight", "refine.copy_attn.copy_side.weight"]
    seen = []                                                # the copy, as the probes read it
    new.refine.copy_attn.register_forward_hook(lambda mod, args, out: seen.append(out[0]))
    r = cfg.data.resolution
    image, mask, z = torch.rand(1, 3, r, r) * 2 - 1, torch.zeros(1, 1, r, r), torch.randn(1, cfg.model.z_dim)
    mask[..., 8:16, 4:12] = 1
    a, b = old(image, mask, z), new(image, mask, z)
    assert (a.output - b.output).abs().max() < 1e-6          # a closed gate, a zero side conv: the same network
    assert seen[-1].shape == (1, 4, r, r) and old.refine.copy_attn is None
    # training.copy_start opens the gate: fully open, the hole is the copy itself
    from training.copy_start import start
    opened = start({"config": cfg.to_dict(), "step": 0, "g": new.state_dict(), "g_ema": new.state_dict()}, 0.5)
    assert opened["history"] == [{"step": 0, "copy_start": 0.5}]
    assert abs(float(opened["g"]["refine.copy_attn.copy_gate.bias"])) < 1e-6       # sigmoid(0) = 0.5
    new.load_state_dict(opened["g"])
    new.refine.copy_attn.copy_gate.bias.data.fill_(30.0)
    c = new(image, mask, z)
    hole = mask.bool().expand(1, 3, r, r)
    assert (c.output[hole] - seen[-1][:, :3].clamp(-1, 1)[hole]).abs().max() < 1e-5
    assert (c.output[hole] - b.output[hole]).abs().max() > 1e-2
    # a run turns the copy on from weights without it: the old groups keep their Adam moments
    tiny_run(tmp_path, synthetic_faces, 4)
    run_cfg = Config.from_dict(json.loads((tmp_path / "run/config.json").read_text()))
    run_cfg.model.copy = run_cfg.model.copy_relight = True
    run_cfg.model.copy_gate_trunk = 4                               # the gate with its own trunk
    run_cfg.model.copy_shut_painted = run_cfg.model.copy_shut_large = True   # and the rules (no weights; in the graph)
    run_cfg.data.part_hole_p, run_cfg.loss.copy_teach = 1.0, 1.0      # the gate taught over painted eyes
    assert train(run_cfg, max_steps=3, quiet=True)["step"] == 7
    ckpt = torch.load(tmp_path / "run/ckpt.pt")
    resumed = [h for h in ckpt["history"] if "resumed_from" in h][-1]
    assert resumed["model_changes"] == {"copy": True, "copy_relight": True, "copy_gate_trunk": 4,
                                         "copy_shut_painted": True, "copy_shut_large": True}
    assert resumed["new_modules"] == ["refine.copy_attn"]
    assert resumed["opt_g_groups_kept"] == 1
    lrs = [gr["lr"] for gr in ckpt["opt_g"]["param_groups"]]
    assert lrs == [run_cfg.train.lr, run_cfg.train.lr * run_cfg.train.copy_lr_mult]
    logged = [json.loads(line) for line in (tmp_path / "run/log.jsonl").read_text().splitlines()]
    assert any("copy_teach" in e for e in logged)
    assert ckpt["g"]["refine.copy_attn.copy_side.weight"].abs().max() > 0   # it trained
    assert ckpt["g"]["refine.copy_attn.copy_gate.weight"].abs().max() > 0
    assert ckpt["g"]["refine.copy_attn.copy_gate_trunk.4.weight"].abs().max() > 0
    assert train(run_cfg, max_steps=1, quiet=True)["step"] == 8   # and resumes with both groups
    save_atomic(to_release(torch.load(tmp_path / "run/ckpt.pt")), tmp_path / "release.pt")
    g, cfg, _ = load_generator(tmp_path / "release.pt")
    paths = export_graphs(g, r, cfg.model.z_dim, tmp_path / "models")
    nodes = onnx.load(str(paths["refine"])).graph.node
    assert any(n.op_type == "Softmax" for n in nodes)
    # the 119 offsets as one Gather per map, not a Slice each: 6,900 nodes made stage 3 11x slower
    assert len(nodes) < 1000, len(nodes)
    # and every tensor's shape static (the bench counts FLOPs from them; a computed Pad hid them)
    inferred = onnx.shape_inference.infer_shapes(onnx.load(str(paths["refine"]))).graph.value_info
    assert all(d.HasField("dim_value") for v in inferred for d in v.type.tensor_type.shape.dim)
    diff = parity(g, paths, r, cfg.model.z_dim)
    assert max(diff.values()) < 1e-4, diff


def test_the_gate_is_taught_open_over_a_single_painted_eye_and_shut_in_every_other_hole():
    import numpy as np
    from training.masks import add_part_holes
    from training.train import copy_teach_loss
    r = 64
    boxes = [[[0.3, 0.4, 0.2, 0.1], [0.7, 0.4, 0.2, 0.1], [0.5, 0.75, 0.3, 0.1]]] * 200
    masks = np.zeros((200, 1, r, r), np.float32)
    parts, one_eye, both_eyes = np.zeros_like(masks), np.zeros_like(masks), np.zeros_like(masks)
    add_part_holes(masks, boxes, np.random.default_rng(0), 1.0, parts, one_eye, both_eyes)
    both = both_eyes.sum((1, 2, 3)) > 0
    assert 0.15 < both.mean() < 0.35 and not (both & (one_eye.sum((1, 2, 3)) > 0)).any()   # "eyes": 25%
    assert np.array_equal(both_eyes[both], parts[both])
    single = one_eye.sum((1, 2, 3)) > 0
    assert 0.3 < single.mean() < 0.6                              # "eye" is drawn 45% of the time
    assert np.array_equal(one_eye[single], parts[single])         # a single eye: all of its painted part
    assert one_eye[~single].sum() == 0 and parts[~single].sum((1, 2, 3)).min() > 0
    teach, painted = torch.from_numpy(one_eye[:8]), torch.from_numpy(parts[:8])
    hole = torch.from_numpy(masks[:8].copy())
    hole[:, :, :8] = 1                                            # and a random hole elsewhere
    shut, wide, right = torch.zeros_like(hole), torch.ones_like(hole), teach.clone()
    assert copy_teach_loss(right, hole, painted, teach) < 1e-4
    assert copy_teach_loss(shut, hole, painted, teach) > 1 and copy_teach_loss(wide, hole, painted, teach) > 1
    outside = right + (1 - hole)                                  # outside the holes: asks nothing
    assert copy_teach_loss(outside.clamp(0, 1), hole, painted, teach) < 1e-4
    no_eye = torch.zeros_like(hole)
    assert copy_teach_loss(shut, hole, painted, no_eye) < 1e-4    # no single eye: shut is right
    # open over every painted part costs as much as open over all of the random holes: the groups
    # are averaged each on its own, so a few painted pixels are not drowned by many random ones
    parts_open = copy_teach_loss(painted, hole, painted, teach)
    random_open = copy_teach_loss(torch.maximum(teach, hole * (1 - painted)), hole, painted, teach)
    assert abs(parts_open - random_open) < 0.5 and parts_open > 5
    # both-eye holes a group of their own: open over them alone costs as much as open over all the
    # mouths and random holes together would in one group each, and right stays right
    both_t = torch.from_numpy(both_eyes[:8])
    assert both_t.sum() > 0                                       # (one of the first 8 with this seed)
    assert copy_teach_loss(right, hole, painted, teach, both_t) < 1e-4
    open_both = copy_teach_loss(torch.maximum(teach, both_t), hole, painted, teach, both_t)
    assert abs(open_both - copy_teach_loss(torch.maximum(teach, hole * (1 - painted)), hole, painted, teach, both_t)) < 0.5
    assert open_both > 5 and open_both > copy_teach_loss(torch.maximum(teach, both_t), hole, painted, teach) + 1


def test_the_gates_trunk_starts_as_the_one_conv_gate_and_sees_when_both_eyes_are_painted():
    from training.checkpoint import load_new_parts
    from training.model import build_generator
    from training.tests.test_train_export import tiny
    torch.manual_seed(0)
    cfg = tiny()
    cfg.model.copy = True
    old = build_generator(cfg).eval()
    for p in old.parameters():
        p.data.normal_(0, 0.1)
    cfg.model.copy_gate_trunk = 8
    new = build_generator(cfg).eval()
    keys = load_new_parts(new, old.state_dict())
    assert keys and all(".copy_gate_trunk." in k for k in keys)
    for g in (old, new):
        g.prior.set_noise_mode("const")
    r = cfg.data.resolution
    image, mask, z = torch.rand(1, 3, r, r) * 2 - 1, torch.zeros(1, 1, r, r), torch.randn(1, cfg.model.z_dim)
    mask[..., 8:16, 4:12] = 1
    assert (old(image, mask, z).output - new(image, mask, z).output).abs().max() < 1e-6   # zero last conv: the same
    # the trunk's own evidence: with the mirror image painted too, most candidate offsets are holes
    # (an eye's place at R=128; the other eye painted where a mirror puts it, or 8 px off it)
    r, cell = 128, 4
    one = torch.zeros(1, 1, r, r)
    one[..., 30:46, 18:52] = 1
    guide = torch.rand(1, 3, r, r)
    share = lambda m: float(mirror_copy(guide * (1 - m), m, guide, cell)[1][0, 2, 8:11, 5:13].mean())
    assert share(one) < 0.05
    assert share(torch.maximum(one, one.flip(3))) > 0.3 and share(torch.maximum(one, one.flip(3).roll(8, 3))) > 0.3


def test_the_gate_is_shut_by_rule_where_the_mirror_image_is_painted_too_or_the_hole_is_far_larger_than_an_eye():
    from training.model.copy import MirrorCopy
    r, cell = 128, 4
    one = torch.zeros(1, 1, r, r)
    one[..., 30:46, 18:52] = 1                              # one eye's place at R=128
    both, off = torch.maximum(one, one.flip(3)), torch.maximum(one, one.flip(3).roll(8, 3))
    large = one.clone()
    large[..., 10:100, 10:60] = 1                           # half a face, the other eye known
    image = torch.rand(1, 3, r, r) * 2 - 1
    feats = torch.randn(1, 16, r // cell, r // cell)
    for painted, big in ((False, False), (True, False), (True, True)):
        torch.manual_seed(0)
        m = MirrorCopy(16, 8, cell, shut_painted=painted, shut_large=big).eval()
        m.copy_gate.bias.data.fill_(0.0)                  # half open everywhere, as a trained gate might be
        m.copy_gate.weight.data.normal_(0, 0.01)
        gate = lambda mask: m(feats, image * (1 - mask), mask, image)[2]
        inside = lambda mask: float(gate(mask)[..., 34:42, 24:46].mean())
        assert abs(inside(one) - 0.5) < 0.05               # one painted eye: the gate decides, the rules do not
        assert float(m.allowed(one)[..., 34:42, 24:46].min()) == 1.0
        if painted:                                        # both painted, or the second 8 px off the mirror image
            assert inside(both) < 1e-3 and inside(off) < 0.2
            assert float(m.allowed(both)[..., 34:42, 24:46].max()) < 1e-3
        else:
            assert inside(both) > 0.4
        assert (inside(large) < 1e-3) == big
