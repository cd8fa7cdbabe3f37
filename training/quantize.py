"""Int8 weight storage for the shipped graphs: a sixth of the download, the same arithmetic.

    /usr/bin/python3 -m training.quantize public/models/prior.onnx out/prior.onnx

Every large float32 initializer W (convolution kernels, the mapping network's matrices, the
fixed noise) is stored as int8 with one float32 scale per output channel, and rebuilt at load
time by two standard ops, W = Cast(W_int8, float) * scale. The network still computes in
float32: onnxruntime folds the two constant ops into a float initializer when it creates the
session, on WASM and WebGPU alike, so there is no quantised kernel to support or to get wrong,
and no activation is quantised. Symmetric per-channel rounding keeps each weight within half a
step (max|W_channel| / (2 * LEVELS)) of the original.

LEVELS = 31 (63 values in the int8 bytes), not 127: the files are served brotli-compressed, and
fewer distinct values compress further. Measured on the step-23,912 weights (npm run eval --n
400; float32 30.60 / 25.55 dB): 127 levels 3.83 MB brotli, 30.58 / 25.53; 31 levels 2.78 MB,
30.56 / 25.51 (-0.04 dB, -0.0004 SSIM); 15 levels 2.24 MB, 30.42 / 25.41 (-0.18 dB: too much).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

MIN_ELEMENTS = 1024        # biases and the tiny structure stage stay float32: nothing to gain
LEVELS = 31                # weights take the values -LEVELS..LEVELS times a per-channel scale (see above)


def channel_axis(shape: tuple[int, ...], consumers: list[tuple[str, int, onnx.NodeProto]]) -> int:
    """The output-channel axis: 0 for Conv kernels and Gemm with transB, 1 for MatMul's B and
    Gemm without transB; otherwise the first axis longer than 1 (a [1, C, H, W] constant)."""
    for op, slot, node in consumers:
        if op == "Gemm" and slot == 1:
            trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
            return 0 if trans_b else 1
        if op == "MatMul" and slot == 1:
            return len(shape) - 1
        if op == "Conv" and slot == 1:
            return 0
    return next((i for i, n in enumerate(shape) if n > 1), 0)


def quantize_array(w: np.ndarray, axis: int, levels: int = LEVELS) -> tuple[np.ndarray, np.ndarray]:
    """(int8 values in [-levels, levels], float32 scale broadcastable to w) with w ~= q * scale."""
    reduce = tuple(i for i in range(w.ndim) if i != axis)
    peak = np.abs(w).max(axis=reduce, keepdims=True) if reduce else np.abs(w)
    scale = np.where(peak > 0, peak / levels, 1.0).astype(np.float32)
    q = np.clip(np.rint(w / scale), -levels, levels).astype(np.int8)
    return q, scale


def quantize_model(model: onnx.ModelProto, min_elements: int = MIN_ELEMENTS, levels: int = LEVELS) -> tuple[onnx.ModelProto, dict]:
    graph = model.graph
    consumers: dict[str, list] = {}
    for node in graph.node:
        for slot, name in enumerate(node.input):
            consumers.setdefault(name, []).append((node.op_type, slot, node))
    keep, rebuild, stats = [], [], {"quantized": 0, "float_bytes": 0, "int8_bytes": 0, "max_rel_err": 0.0}
    for init in graph.initializer:
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.size < min_elements:
            keep.append(init)
            continue
        axis = channel_axis(w.shape, consumers.get(init.name, []))
        q, scale = quantize_array(w, axis, levels)
        err = np.abs(q.astype(np.float32) * scale - w).max() / max(float(np.abs(w).max()), 1e-12)
        stats["max_rel_err"] = max(stats["max_rel_err"], float(err))
        qn, sn, cn = f"{init.name}__int8", f"{init.name}__scale", f"{init.name}__cast"
        keep += [numpy_helper.from_array(q, qn), numpy_helper.from_array(scale, sn)]
        rebuild += [helper.make_node("Cast", [qn], [cn], to=onnx.TensorProto.FLOAT, name=cn),
                    helper.make_node("Mul", [cn, sn], [init.name], name=f"{init.name}__dequant")]
        # the rebuilt weight keeps its shape in the file, for tools that read shapes (FLOP counts)
        graph.value_info.append(helper.make_tensor_value_info(init.name, onnx.TensorProto.FLOAT, list(w.shape)))
        stats["quantized"] += 1
        stats["float_bytes"] += w.nbytes
        stats["int8_bytes"] += q.nbytes + scale.nbytes
    del graph.initializer[:]
    graph.initializer.extend(keep)
    nodes = rebuild + list(graph.node)        # the rebuilt weights come first: topological order
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model, stats


def quantize_file(src: Path, dst: Path, min_elements: int = MIN_ELEMENTS, levels: int = LEVELS) -> dict:
    model, stats = quantize_model(onnx.load(str(src)), min_elements, levels)
    onnx.save(model, str(dst))
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--levels", type=int, default=LEVELS, help="values in [-levels, levels]")
    args = ap.parse_args()
    print(quantize_file(Path(args.src), Path(args.dst), levels=args.levels))


if __name__ == "__main__":
    main()
