"""Graph rewrites that keep the shipped graphs exact on onnxruntime-web's WebGPU execution provider.

onnxruntime-web 1.30's WebGPU EP computes some 3x3 convolutions wrongly when the input has an odd
number of channels above 32: measured against its WASM EP on Chromium's software adapter, a lone
Conv(3x3, pad 1) at 128x128 (and 64x64) with 33 or 39 input channels was off by up to 2.2 (outputs
of order 1), while 7, 19, 20, 23, 24, 35, 36, 40 and 48 channels agreed within 2e-6. Stage 3's
full-resolution conv reads 39 channels (32 decoder + image, mask, stage-2 composite), so the whole
refine graph came out of WebGPU with errors up to 0.56 in [-1, 1] (the e2e WebGPU parity test,
once it ran the refine graph too).

The rewrite is exact: such a conv gets zero channels appended to its input (Pad on the channel
axis) and matching zero columns in its weight, up to a multiple of 4.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper

MIN_CHANNELS = 32      # the smallest count measured wrong was 33; small ones (7 in stage 2) are right


def pad_conv_channels(model: onnx.ModelProto, multiple: int = 4) -> int:
    """Pads, in place, the input channels of every Conv with a constant weight of more than
    MIN_CHANNELS input channels that are not a multiple of `multiple`. Returns how many."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    consumers: dict[str, int] = {}
    for n in graph.node:
        for name in n.input:
            consumers[name] = consumers.get(name, 0) + 1
    nodes, done = [], 0
    for node in graph.node:
        w_init = inits.get(node.input[1]) if node.op_type == "Conv" and len(node.input) > 1 else None
        group = next((a.i for a in node.attribute if a.name == "group"), 1)
        if w_init is not None and group == 1 and len(w_init.dims) == 4:
            cin = w_init.dims[1]
            extra = -cin % multiple
            if cin > MIN_CHANNELS and extra:
                w = numpy_helper.to_array(w_init)
                padded = np.concatenate([w, np.zeros((w.shape[0], extra, *w.shape[2:]), w.dtype)], axis=1)
                name = f"{w_init.name}__padded" if consumers.get(w_init.name, 0) > 1 else w_init.name
                graph.initializer.append(numpy_helper.from_array(padded, name))
                if name == w_init.name:
                    graph.initializer.remove(w_init)
                pads = numpy_helper.from_array(np.array([0, 0, 0, 0, 0, extra, 0, 0], np.int64), f"{node.name or node.output[0]}__channel_pads")
                graph.initializer.append(pads)
                x_padded = f"{node.input[0]}__channels{cin + extra}"
                nodes.append(helper.make_node("Pad", [node.input[0], pads.name], [x_padded], mode="constant"))
                node.input[0], node.input[1] = x_padded, name
                done += 1
        nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    return done
