import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import onnx
import torch

from training.checkpoint import load_generator, save_atomic, to_release
from training.config import Config, tiny
from training.export import export_graphs, parity, sha256, write_manifest
from training.quantize import LEVELS, channel_axis, quantize_array, quantize_file
from training.train import train

ROOT = Path(__file__).resolve().parents[2]


def tiny_run(tmp_path, faces, steps, lr=2e-3, model=None, **loss):
    """A tiny config on the synthetic faces, trained `steps` steps; `loss` overrides loss fields,
    `model` model fields."""
    cfg = tiny()
    for k, v in (model or {}).items():
        setattr(cfg.model, k, v)
    cfg.data.train_dirs = [str(faces)]
    cfg.data.cache_dir = str(tmp_path / "cache")
    cfg.data.mask_bank = 64
    cfg.train.run_dir = str(tmp_path / "run")
    cfg.train.eval_every = 0
    cfg.train.lr = lr
    cfg.train.log_every = 5
    cfg.loss.adv_start = 10
    for k, v in loss.items():
        setattr(cfg.loss, k, v)
    return cfg, train(cfg, max_steps=steps, quiet=True)


def old_and_new(**model):
    """A tiny generator with non-trivial weights everywhere, and one with `model` fields set that loads
    them (checkpoint.load_new_parts); both with the exported constant noise. -> (cfg, old, new, new keys)."""
    from training.checkpoint import load_new_parts
    from training.model import build_generator
    cfg = tiny()
    old = build_generator(cfg).eval()
    for p in old.parameters():
        p.data.normal_(0, 0.1)
    for k, v in model.items():
        setattr(cfg.model, k, v)
    new = build_generator(cfg).eval()
    keys = sorted(load_new_parts(new, old.state_dict()))
    for g in (old, new):
        g.prior.set_noise_mode("const")
    return cfg, old, new, keys


def test_a_few_steps_lower_the_loss_and_resume(tmp_path, synthetic_faces):
    torch.manual_seed(0)
    cfg, out = tiny_run(tmp_path, synthetic_faces, 60)
    losses = out["losses"]
    assert np.mean(losses[-10:]) < 0.85 * np.mean(losses[:10]), losses
    # resuming continues the step count from the checkpoint, at the configured (lower) rate
    _, again = tiny_run(tmp_path, synthetic_faces, 3, lr=5e-4)
    assert again["step"] == 63
    assert again["lr"] == 5e-4
    log = [json.loads(l) for l in (tmp_path / "run/log.jsonl").read_text().splitlines()]
    assert log[-1]["step"] == 60 and "adv" in log[-1]


def test_export_round_trip_matches_onnx_runtime(tmp_path, synthetic_faces):
    # seeded: the int8 error of a 12-step model depends on its weights, and unseeded they came from
    # whatever the tests before had left in the generator
    torch.manual_seed(0)
    cfg, _ = tiny_run(tmp_path, synthetic_faces, 12)
    ckpt = torch.load(tmp_path / "run/ckpt.pt")
    save_atomic(to_release(ckpt), tmp_path / "release.pt")
    g, cfg, meta = load_generator(tmp_path / "release.pt")
    assert meta["step"] == 12
    r, z = cfg.data.resolution, cfg.model.z_dim
    paths = export_graphs(g, r, z, tmp_path / "models")
    diff = parity(g, paths, r, z)
    assert set(diff) == {"prior", "structure", "refine"}
    assert max(diff.values()) < 1e-4, diff
    before = {k: p.stat().st_size for k, p in paths.items()}
    for p in paths.values():
        quantize_file(p, p, min_elements=64)
    qdiff = parity(g, paths, r, z)
    # int8 weights (31 levels), float32 arithmetic: a worst pixel, which training.export accepts up to
    # 0.15 at 31 levels (--int8-tol; 0.05-0.11 measured there). 0.05 here held by luck of the seed
    # and failed at 0.051 once the training masks changed; the shipped graphs are judged by npm run eval
    assert max(qdiff.values()) < 0.15, qdiff
    assert paths["refine"].stat().st_size < 0.5 * before["refine"]
    manifest = write_manifest(paths, cfg, meta, [], diff, qdiff, tmp_path / "models")
    for name, spec in manifest["graphs"].items():
        path = tmp_path / "models" / spec["file"]
        assert spec["sha256"] == sha256(path) and spec["bytes"] == path.stat().st_size
        model = onnx.load(str(path))
        assert [i.name for i in model.graph.input] == [i["name"] for i in spec["inputs"]]
        assert [o.name for o in model.graph.output] == [o["name"] for o in spec["outputs"]]
        ops = {n.op_type for n in model.graph.node}
        assert not ops & {"RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike"}, ops
    assert manifest["R"] == r and manifest["Z"] == z


def test_shipped_manifest_describes_the_shipped_files():
    manifest_path = ROOT / "public/models/manifest.json"
    if not manifest_path.exists():
        return
    manifest = json.loads(manifest_path.read_text())
    for spec in manifest["graphs"].values():
        path = manifest_path.parent / spec["file"]
        assert sha256(path) == spec["sha256"], spec["file"]


def test_model_card_names_the_learning_rate_phases():
    from training.model_card import lr_schedule
    assert lr_schedule(3e-4, [{"resumed_from": "x", "step": 5}]) == "lr 0.0003"
    history = [{"step": 900, "lr": 3e-4, "lr_before": 3e-4}, {"step": 13400, "lr": 1e-4, "lr_before": 3e-4}]
    assert lr_schedule(1e-4, history) == "lr 0.0003, then 0.0001 from step 13400"
    # a fresh optimizer from the committed weights at another rate, then a lower-rate phase
    history += [{"resumed_from": "training/checkpoints/isfrnet_r128.pt", "step": 18229, "lr": 2e-4},
                {"resumed_from": "run", "step": 19000, "lr": 2e-4, "lr_before": 2e-4},
                {"resumed_from": "run", "step": 32420, "lr": 1e-4, "lr_before": 2e-4}]
    assert lr_schedule(1e-4, history) == "lr 0.0003, then 0.0001 from step 13400, then 0.0002 from step 18229, then 0.0001 from step 32420"


def test_int8_weights_are_per_output_channel_and_within_half_a_step():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(8, 4, 3, 3)).astype(np.float32) * np.arange(1, 9, dtype=np.float32)[:, None, None, None]
    q, scale = quantize_array(w, 0)
    assert q.dtype == np.int8 and scale.shape == (8, 1, 1, 1)
    assert np.all(np.abs(q.astype(np.float32) * scale - w) <= scale / 2 + 1e-7)
    # 63 values: fewer distinct bytes, which is what makes the served (brotli) files smaller
    assert np.abs(q).max() == LEVELS and len(np.unique(q)) <= 2 * LEVELS + 1
    assert channel_axis((8, 4, 3, 3), [("Conv", 1, None)]) == 0
    assert channel_axis((1, 1, 16, 16), [("Add", 0, None)]) == 2


def test_the_part_discriminator_trains_reaches_the_generator_and_resumes(tmp_path, synthetic_faces):
    part = dict(adv_start=0, part_size=16, part_warmup=6)
    tiny_run(tmp_path, synthetic_faces, 12, **part)          # logs at steps 5 and 10
    log = [json.loads(l) for l in (tmp_path / "run/log.jsonl").read_text().splitlines()]
    assert "d_part" in log[0] and "part_adv" not in log[0]          # warm-up: the part D trains alone
    assert "part_adv" in log[-1] and "part_fm" in log[-1]           # then its terms reach the generator
    ckpt = torch.load(tmp_path / "run/ckpt.pt")
    assert ckpt["part_steps"] == 12 and "d_part" in to_release(ckpt)
    tiny_run(tmp_path, synthetic_faces, 2, **part)
    assert torch.load(tmp_path / "run/ckpt.pt")["part_steps"] == 14


def test_a_resume_with_another_part_discriminator_starts_it_afresh(tmp_path, synthetic_faces):
    part = dict(adv_start=0, part_size=16, part_warmup=4)
    tiny_run(tmp_path, synthetic_faces, 6, **part)
    tiny_run(tmp_path, synthetic_faces, 2, model=dict(part_disc_width=16, part_disc_sn=False), **part)
    ckpt = torch.load(tmp_path / "run/ckpt.pt")
    assert ckpt["part_steps"] == 2 and ckpt["history"][-1].get("part_disc_fresh")   # its warm-up again
    assert not any(k.endswith("weight_orig") for k in ckpt["d_part"])                 # no spectral norm
    assert ckpt["d_part"]["blocks.0.0.weight"].shape[0] == 16
    tiny_run(tmp_path, synthetic_faces, 2, model=dict(part_disc_width=16, part_disc_sn=False), **part)
    assert torch.load(tmp_path / "run/ckpt.pt")["part_steps"] == 4                    # and resumes as it is


def test_part_boxes_follow_each_faces_folder():
    from training.data import boxes_of
    from training.losses import part_crops, part_rois
    boxes = {"a": [[0.25, 0.25, 0.5, 0.5]], "*": [[0.75, 0.75, 0.5, 0.5]]}
    rois = part_rois(boxes_of(np.array([0, 1]), ["/x/a", "/y/b"], boxes), 8)
    assert rois.tolist() == [[0, 0, 0, 4, 4], [1, 4, 4, 8, 8]]
    img = torch.zeros(2, 1, 8, 8)
    img[0, :, :4, :4] = 1          # face 0's box in folder a: its top-left quarter
    img[1, :, 4:, 4:] = 2          # face 1 (any other folder): its bottom-right quarter
    crops = part_crops(img, rois, 4)
    # (bilinear: the last row and column take a little of the zero border)
    assert crops[0, 0, :3, :3].min() == 1 and crops[0].mean() > 0.9
    assert crops[1, 0, 1:, 1:].min() == 2 and crops[1].mean() > 1.8


def test_the_refine_blur_removes_a_cell_by_cell_lattice_resumes_old_weights_and_exports(tmp_path, synthetic_faces):
    from training.model.layers import Blur
    checker = (torch.arange(8)[:, None] + torch.arange(8)[None, :]) % 2 * 2.0 - 1.0   # +-1, cell by cell
    flat = Blur(2)(torch.stack([checker, torch.full((8, 8), 0.3)])[None])[0]
    assert flat[0, 1:-1, 1:-1].abs().max() < 1e-6          # the lattice is gone inside
    assert torch.allclose(flat[1], torch.full((8, 8), 0.3))  # a smooth field passes as it is
    from training.model.layers import ChromaBlur, luma
    stripes = torch.zeros(1, 3, 16, 16)
    stripes[0, :, ::2] = torch.tensor([0.4, -0.2, 0.3])[:, None, None]   # yellow, blue, ... a pixel apart
    stripes[0, :, 1::2] = torch.tensor([-0.3, 0.2, -0.1])[:, None, None]
    smooth = ChromaBlur()(stripes)
    assert torch.allclose(luma(smooth), luma(stripes), atol=1e-6)        # the brightness stays, line by line
    colour = lambda t: (t - luma(t))[0, :, 3:-3, 3:-3]
    assert colour(smooth).std(1).max() < 0.1 * colour(stripes).std(1).max()  # the coloured lines do not
    tiny_run(tmp_path, synthetic_faces, 6)
    cfg = Config.from_dict(json.loads((tmp_path / "run/config.json").read_text()))
    cfg.model.refine_blur, cfg.model.refine_chroma_blur = [0], True
    old = torch.load(tmp_path / "run/ckpt.pt")
    del old["config"]["data"]["part_hole_p"]                 # a checkpoint from before the part holes
    torch.save(old, tmp_path / "run/ckpt.pt")
    out = train(cfg, max_steps=2, quiet=True)                # the old weights load: Blur has none
    assert out["step"] == 8
    ckpt = torch.load(tmp_path / "run/ckpt.pt")
    resumed = [h for h in ckpt["history"] if "resumed_from" in h][-1]
    assert resumed["model_changes"] == {"refine_blur": [0], "refine_chroma_blur": True}
    assert resumed["data_changes"] == {"part_hole_p": cfg.data.part_hole_p}   # it trained without them: 0
    save_atomic(to_release(ckpt), tmp_path / "release.pt")
    g, cfg, _ = load_generator(tmp_path / "release.pt")
    assert cfg.model.refine_blur == [0] and isinstance(g.refine.up_blur[0], Blur) and g.refine.chroma_blur is not None
    r, z = cfg.data.resolution, cfg.model.z_dim
    paths = export_graphs(g, r, z, tmp_path / "models")
    assert parity(g, paths, r, z)["refine"] < 1e-4


def test_convs_webgpu_got_wrong_get_exact_zero_channels(tmp_path):
    """33/39-channel convs (wrong on onnxruntime-web's WebGPU EP): padded to 36/40, same output."""
    from training.webgpu_compat import pad_conv_channels
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Conv2d(39, 16, 3, padding=1), torch.nn.Conv2d(16, 3, 3, padding=1))
    x = torch.randn(1, 39, 12, 12)
    path = tmp_path / "conv.onnx"
    torch.onnx.export(net, x, str(path), opset_version=17, input_names=["x"], output_names=["y"])
    model = onnx.load(str(path))
    assert pad_conv_channels(model) == 1                       # the 16-channel conv stays as it is
    onnx.checker.check_model(model)
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    weights = {i.name: list(i.dims) for i in model.graph.initializer}
    assert weights[convs[0].input[1]] == [16, 40, 3, 3] and weights[convs[1].input[1]] == [3, 16, 3, 3]
    onnx.save(model, str(path))
    with torch.no_grad():
        want = net(x)
    x.numpy().astype(np.float32).tofile(tmp_path / "x.bin")
    want.numpy().astype(np.float32).tofile(tmp_path / "y.bin")
    (tmp_path / "cases.json").write_text(json.dumps([{"graph": "conv", "onnx": str(path),
        "inputs": [{"name": "x", "shape": [1, 39, 12, 12], "file": "x.bin"}],
        "outputs": [{"name": "y", "shape": [1, 3, 12, 12], "file": "y.bin"}]}]))
    res = subprocess.run(["node", str(ROOT / "training/parity.mjs"), str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(res.stdout.strip().splitlines()[-1])["conv"] < 1e-5


def test_model_card_names_loss_changes_after_the_blur():
    from training.model_card import _later_loss_phases
    history = [{"step": 30_000, "loss_changes": {"detail": 4.0}},       # an earlier phase, told elsewhere
               {"step": 43_779, "loss_changes": {"detail": 1.0}},
               {"step": 44_500}]                                          # a plain resume
    text = _later_loss_phases({"history": history})
    assert "From step 43,779: detail to 1." in text
    assert "30,000" not in text
    assert _later_loss_phases({"history": history[2:]}) == ""
    eyes = _later_loss_phases({"history": [{"step": 48_160, "data_changes": {"part_hole_p": 0.35}}]})
    assert "From step 48,160: part_hole_p to 0.35." in eyes and "eye" in eyes


def test_the_mirror_starts_as_the_old_network_reads_the_other_side_resumes_and_exports(tmp_path, synthetic_faces):
    torch.manual_seed(0)
    cfg, old, new, keys = old_and_new(mirror=True)
    assert keys == ["refine.mirror_full.conv.weight", "refine.mirror_known.conv.weight", "structure.mirror_in.conv.weight"]
    r = cfg.data.resolution
    image = torch.rand(1, 3, r, r) * 2 - 1
    mask = torch.zeros(1, 1, r, r)
    mask[..., 8:16, 4:12] = 1                                # one side only: its mirror is known
    z = torch.randn(1, cfg.model.z_dim)
    a, b = old(image, mask, z), new(image, mask, z)
    assert torch.equal(a.output, b.output)                   # zero mirror convs: the same network
    # once the mirror convs have weights, the other side of the face reaches the hole
    for m in (new.structure.mirror_in, new.refine.mirror_known, new.refine.mirror_full):
        m.conv.weight.data.normal_(0, 0.3)
    bright = image.clone()
    bright[..., 8:16, r - 12:r - 4] = 1.0                    # the mirror image of the hole, made white
    o1, o2 = new(image, mask, z), new(bright, mask, z)
    hole = mask.bool().expand_as(image)
    assert (o1.structure[hole] - o2.structure[hole]).abs().max() > 1e-3
    assert (o1.output[hole] - o2.output[hole]).abs().max() > 1e-3
    # a run turns the mirror on from weights without it, with the mirror convs at their own rate
    tiny_run(tmp_path, synthetic_faces, 4)
    run_cfg = Config.from_dict(json.loads((tmp_path / "run/config.json").read_text()))
    run_cfg.model.mirror = True
    out = train(run_cfg, max_steps=2, quiet=True)
    assert out["step"] == 6
    ckpt = torch.load(tmp_path / "run/ckpt.pt")
    resumed = [h for h in ckpt["history"] if "resumed_from" in h][-1]
    assert resumed["model_changes"] == {"mirror": True}
    assert resumed["new_modules"] == ["refine.mirror_full", "refine.mirror_known", "structure.mirror_in"]
    lrs = [gr["lr"] for gr in ckpt["opt_g"]["param_groups"]]
    assert lrs == [run_cfg.train.lr, run_cfg.train.lr * run_cfg.train.mirror_lr_mult]
    assert ckpt["g"]["structure.mirror_in.conv.weight"].abs().max() > 0   # it trained
    again = train(run_cfg, max_steps=1, quiet=True)          # and resumes with both groups
    assert again["step"] == 7
    run_cfg.train.mirror_lr_mult = 3.0                       # a new multiple on a resume takes effect
    train(run_cfg, max_steps=1, quiet=True)
    lrs = [gr["lr"] for gr in torch.load(tmp_path / "run/ckpt.pt")["opt_g"]["param_groups"]]
    assert lrs == [run_cfg.train.lr, run_cfg.train.lr * 3.0]
    save_atomic(to_release(torch.load(tmp_path / "run/ckpt.pt")), tmp_path / "release.pt")
    g, cfg, _ = load_generator(tmp_path / "release.pt")
    paths = export_graphs(g, r, cfg.model.z_dim, tmp_path / "models")
    slices = [n for n in onnx.load(str(paths["refine"])).graph.node if n.op_type == "Slice"]
    assert len(slices) == 1                                  # the flip is made once for both convs
    diff = parity(g, paths, r, cfg.model.z_dim)
    assert max(diff.values()) < 1e-4, diff


def test_a_timed_run_hands_back_a_split_checkpoint_that_a_new_run_starts_from(tmp_path, synthetic_faces):
    # what a lent GPU machine does (README): train for a fixed time, write the checkpoint in files
    # small enough to come back, and a run here starts from that folder
    from training.checkpoint import load, save_split
    cfg = tiny()
    cfg.data.train_dirs = [str(synthetic_faces)]
    cfg.data.cache_dir = str(tmp_path / "cache")
    cfg.data.mask_bank = 64
    cfg.data.zoom, cfg.data.move = 0.15, 0.06                 # the reframing on, its boxes through the part terms
    cfg.data.crop_zoom = 0.3                                  # and windows of the larger copy (a second cache)
    cfg.train.batch_threads = 2                               # batches made in threads, as on a GPU
    cfg.train.run_dir = str(tmp_path / "gpu")
    cfg.train.eval_every = 0
    cfg.loss.adv_start = 0
    cfg.loss.part_warmup = 0
    out = train(cfg, max_seconds=3.0, pack_to=str(tmp_path / "pack"), quiet=True)
    assert 0 < out["step"] < 1000                             # stopped by the clock, not the step count
    parts = sorted((tmp_path / "pack").glob("part-*.pt"))
    assert parts
    back = load(tmp_path / "pack")
    assert back["step"] == out["step"] and back["release"] and "opt_g" not in back
    assert all(v.dtype == torch.float16 for v in back["g_ema"].values() if v.is_floating_point())
    # a small limit splits it into several files, which load() joins again
    many = save_split(back, tmp_path / "split", max_bytes=20_000)
    assert len(many) > 2 and torch.equal(load(tmp_path / "split")["g"]["prior.synthesis.const"], back["g"]["prior.synthesis.const"])
    cfg.train.run_dir = str(tmp_path / "here")
    again = train(cfg, init=str(tmp_path / "pack"), max_steps=2, quiet=True)
    assert again["step"] == out["step"] + 2


def test_a_weightless_option_is_retrofitted_to_trained_weights_and_the_card_says_so():
    from training.model import build_generator
    from training.model_card import _later_loss_phases
    from training.retrofit import retrofit
    torch.manual_seed(0)
    cfg = tiny()
    g = build_generator(cfg)
    for p in g.parameters():
        p.data.normal_(0, 0.1)
    ckpt = {"config": cfg.to_dict(), "step": 60_000, "history": [], "g": g.state_dict(), "g_ema": g.state_dict()}
    out = retrofit(dict(ckpt), ["model.refine_chroma_blur=true"])
    assert out["history"][-1] == {"step": 60_000, "model_changes": {"refine_chroma_blur": True}, "retrofit": True}
    new = build_generator(Config.from_dict(out["config"]))
    new.load_state_dict(out["g"])
    assert new.refine.chroma_blur is not None
    card = _later_loss_phases({"history": out["history"]})
    assert "At step 60,000, without training" in card and "refine_chroma_blur to True" in card
    with pytest.raises(RuntimeError):                    # the copy has weights: it needs a run
        retrofit(dict(ckpt), ["model.copy=true"])
    with pytest.raises(SystemExit):                      # only model options
        retrofit(dict(ckpt), ["loss.adv=2"])
