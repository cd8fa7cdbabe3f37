"""Export the EMA generator as the three ONNX graphs the app runs, with manifest and model card.

    /usr/bin/python3 -m training.export --ckpt training/checkpoints/isfrnet_r128.pt \
        --eval runs/eval.jsonl --out public/models

Writes {prior,structure,refine}.onnx (float32 inputs, outputs and arithmetic, batch 1, static
R x R, opset 17), manifest.json (the graph contract of DESIGN.md section 2 plus training data,
terms and scores) and MODEL_CARD.md. A parity check: onnxruntime-node (the app's own
dependency; Debian has no Python onnxruntime) must reproduce PyTorch's outputs within 1e-4.
Then the large weights are stored as int8 per channel (training/quantize.py: 63 values, a sixth
of the float download once compressed) and the parity of the shipped graphs is measured again and recorded. --float-dir
keeps the float32 graphs, to compare with `npm run eval -- --models DIR`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn

from .checkpoint import load_generator
from .model.layers import composite
from .quantize import LEVELS, quantize_file
from .webgpu_compat import pad_conv_channels

ROOT = Path(__file__).resolve().parents[1]
OPSET = 17
TERMS = ("Trained on UTKFace (non-commercial research use only) and CelebA (non-commercial research "
         "use only). The weights inherit these terms: research and non-commercial use only.")


class StageGraph(nn.Module):
    """One stage with flat, named inputs (image, mask, third) as the graph contract has them;
    hole pixels are zeroed inside the graph too, so a caller that forgets cannot leak them."""

    def __init__(self, stage: nn.Module):
        super().__init__()
        self.stage = stage

    def forward(self, image, mask, third):
        return self.stage(image * (1 - mask), mask, third)


def graph_specs(r: int, z_dim: int) -> dict:
    img, msk = [1, 3, r, r], [1, 1, r, r]
    return {
        "prior": ([("image", img), ("mask", msk), ("z", [1, z_dim])], [("prior", img)]),
        "structure": ([("image", img), ("mask", msk), ("prior_composite", img)], [("structure", img)]),
        "refine": ([("image", img), ("mask", msk), ("structure_composite", img)], [("output", img)]),
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fixed_inputs(r: int, z_dim: int, seed: int = 7) -> dict[str, torch.Tensor]:
    """A real-looking test case: a smooth image, a blob-and-bar mask, a normal z."""
    g = torch.Generator().manual_seed(seed)
    yy, xx = torch.meshgrid(torch.linspace(-1, 1, r), torch.linspace(-1, 1, r), indexing="ij")
    image = torch.stack([torch.sin(3 * xx), torch.cos(2 * yy), xx * yy])[None].float() * 0.8
    mask = (((xx - 0.2) ** 2 + (yy + 0.1) ** 2 < 0.2) | (yy.abs() < 0.08)).float()[None, None]
    return {"image": image * (1 - mask), "mask": mask, "z": torch.randn(1, z_dim, generator=g)}


def export_graphs(g, r: int, z_dim: int, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    wrappers = {name: StageGraph(getattr(g, name)) for name in ("prior", "structure", "refine")}
    x = fixed_inputs(r, z_dim)
    with torch.no_grad():
        o = g(x["image"], x["mask"], x["z"])
    args = {"prior": (x["image"], x["mask"], x["z"]),
            "structure": (x["image"], x["mask"], o.prior_composite),
            "refine": (x["image"], x["mask"], o.structure_composite)}
    paths = {}
    for name, (inputs, outputs) in graph_specs(r, z_dim).items():
        path = out / f"{name}.onnx"
        torch.onnx.export(wrappers[name].eval(), args[name], str(path), opset_version=OPSET,
                          input_names=[n for n, _ in inputs], output_names=[n for n, _ in outputs],
                          do_constant_folding=True)
        model = onnx.load(str(path))
        pad_conv_channels(model)  # exact; onnxruntime-web's WebGPU EP got 33/39-channel convs wrong
        # Keep inferred shapes of every intermediate tensor in the file (value_info), so tools can
        # count FLOPs from the ONNX file alone (npm run bench); runtimes ignore them.
        model = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        onnx.checker.check_model(model)
        onnx.save(model, str(path))
        paths[name] = path
    return paths


def parity(g, paths: dict[str, Path], r: int, z_dim: int) -> dict[str, float]:
    """Max |ONNX Runtime - PyTorch| per graph, on the fixed inputs (chained through the stages)."""
    x = fixed_inputs(r, z_dim)
    with torch.no_grad():
        o = g(x["image"], x["mask"], x["z"])
    tensors = {"image": x["image"], "mask": x["mask"], "z": x["z"], "prior": o.prior,
               "prior_composite": o.prior_composite, "structure": o.structure,
               "structure_composite": o.structure_composite, "output": o.output}
    with tempfile.TemporaryDirectory() as tmp:
        for k, t in tensors.items():
            t.contiguous().numpy().astype(np.float32).tofile(Path(tmp) / f"{k}.bin")
        cases = []
        for name, (inputs, outputs) in graph_specs(r, z_dim).items():
            cases.append({"graph": name, "onnx": str(paths[name]),
                          "inputs": [{"name": n, "shape": s, "file": f"{n}.bin"} for n, s in inputs],
                          "outputs": [{"name": n, "shape": s, "file": f"{n}.bin"} for n, s in outputs]})
        (Path(tmp) / "cases.json").write_text(json.dumps(cases))
        res = subprocess.run(["node", str(ROOT / "training/parity.mjs"), tmp], capture_output=True, text=True, cwd=ROOT)
        if res.returncode != 0:
            raise RuntimeError(f"onnxruntime-node parity run failed (is `npm install` done?):\n{res.stderr}")
        return json.loads(res.stdout.strip().splitlines()[-1])


def graph_levels(overrides: list[str], paths: dict) -> dict[str, int]:
    """LEVELS for every graph, except those named as GRAPH=N."""
    levels = {name: LEVELS for name in paths}
    for item in overrides:
        name, _, n = item.partition("=")
        if name not in levels or not n.isdigit() or not 1 <= int(n) <= 127:
            raise SystemExit(f"--levels {item}: expected GRAPH=N with GRAPH one of {sorted(levels)} and N in 1..127")
        levels[name] = int(n)
    return levels


def write_manifest(paths, cfg, meta, scores: list[dict], parity_diff: dict, quant_diff: dict, out: Path,
                   levels: dict[str, int] | None = None) -> dict:
    r, z_dim = cfg.data.resolution, cfg.model.z_dim
    graphs = {}
    for name, (inputs, outputs) in graph_specs(r, z_dim).items():
        p = paths[name]
        graphs[name] = {
            "file": p.name, "bytes": p.stat().st_size, "sha256": sha256(p), "opset": OPSET,
            "inputs": [{"name": n, "shape": s, "dtype": "float32"} for n, s in inputs],
            "outputs": [{"name": n, "shape": s, "dtype": "float32"} for n, s in outputs],
            "parityMaxAbsDiff": parity_diff.get(name),
            "weights": (f"int8 in [-{levels[name]}, {levels[name]}], one scale per output channel, rebuilt as float32 at load (Cast * Mul)"
                        if levels else "float32"),
            "int8ParityMaxAbsDiff": quant_diff.get(name),
        }
    manifest = {
        "format": 1, "name": f"isfrnet-r{r}", "R": r, "Z": z_dim, "opset": OPSET, "valueRange": [-1, 1],
        "tensors": "float32 NCHW RGB; image holes set to 0; mask 1 = hole; z standard normal",
        "crop": "square, centred on the face; training crops: UTKFace's tight aligned crops and CelebA's "
                "aligned photos (centre square); faceCrop says how a face detector's box maps to such a crop",
        "graphs": graphs,
        "training": {
            "data": [{"name": "UTKFace crop_part1 (train split)", "terms": "non-commercial research only"},
                     {"name": "CelebA img_align_celeba (subset)", "terms": "non-commercial research only"}],
            "terms": TERMS, "steps": meta.get("step"), "trainSeconds": round(meta.get("train_seconds") or 0),
            "device": "2-core x86-64 CPU, PyTorch 1.13",
        },
        "eval": scores,
    }
    face_crop = ROOT / "training/checkpoints/face_crop.json"    # from tools/facecrop/calibrate.ts
    if face_crop.exists():
        manifest["faceCrop"] = json.loads(face_crop.read_text())
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default=str(ROOT / "public/models"))
    ap.add_argument("--eval", help="JSON lines from training.evaluate to put in the manifest and card")
    ap.add_argument("--tol", type=float, default=1e-4)
    # A worst pixel, not the score: 31 levels put it at 0.05-0.11 (127 levels: 0.02); what decides is
    # `npm run eval` on the shipped graphs against the float32 ones (quantize.py's docstring).
    ap.add_argument("--int8-tol", type=float, default=0.15, help="largest |int8 graph - PyTorch| accepted at 31 levels (outputs in [-1, 1]), scaled by 31 / levels")
    ap.add_argument("--float-dir", help="also keep the float32 graphs (and a manifest for them) here")
    # Measured on step 27,782 (npm run eval --n 100): refine at 31 levels lost 0.018 / 0.011 of
    # sharpness (40-60% / 20-40%) against float32, at 127 levels 0.003 / 0.000, for +0.32 MB brotli.
    ap.add_argument("--levels", action="append", default=[], metavar="GRAPH=N",
                    help=f"int8 levels for one graph (default {LEVELS} for every graph), e.g. refine=127")
    args = ap.parse_args()
    torch.set_num_threads(2)
    g, cfg, meta = load_generator(args.ckpt)
    out = Path(args.out)
    paths = export_graphs(g, cfg.data.resolution, cfg.model.z_dim, out)
    diff = parity(g, paths, cfg.data.resolution, cfg.model.z_dim)
    print("parity max |ORT - PyTorch|:", diff)
    if max(diff.values()) > args.tol:
        raise SystemExit(f"parity check failed: {diff} > {args.tol}")
    scores = [json.loads(l) for l in Path(args.eval).read_text().splitlines() if l.strip()] if args.eval else []
    if args.float_dir:
        fdir = Path(args.float_dir)
        fdir.mkdir(parents=True, exist_ok=True)
        fpaths = {k: Path(shutil.copy(p, fdir / p.name)) for k, p in paths.items()}
        write_manifest(fpaths, cfg, meta, scores, diff, {}, fdir)
    levels = graph_levels(args.levels, paths)
    for name, p in paths.items():
        print(p.name, f"{levels[name]} levels", quantize_file(p, p, levels=levels[name]))
    qdiff = parity(g, paths, cfg.data.resolution, cfg.model.z_dim)
    print("int8 parity max |ORT - PyTorch|:", qdiff)
    # the tolerance is for 31 levels; a graph with fewer (coarser steps) is allowed proportionally more
    tol = {name: args.int8_tol * LEVELS / levels[name] for name in qdiff}
    if any(qdiff[name] > tol[name] for name in qdiff):
        raise SystemExit(f"int8 parity check failed: {qdiff} > {tol}")
    manifest = write_manifest(paths, cfg, meta, scores, diff, qdiff, out, levels)
    from .model_card import write_model_card
    write_model_card(manifest, cfg, meta, out / "MODEL_CARD.md")
    print(f"wrote {', '.join(p.name for p in paths.values())}, manifest.json, MODEL_CARD.md to {out}")


if __name__ == "__main__":
    main()
