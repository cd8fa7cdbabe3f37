// face-api's tiny face detector (a Tiny-YOLOv2 with depthwise-separable convolutions, 190 kB of
// uint8 weights in @vladmandic/face-api, MIT) written as an ONNX graph, so the app finds faces
// with the onnxruntime it already loads for the model instead of shipping TensorFlow.js too.
//
// The layers are face-api's (src/tinyYolov2/TinyYolov2Base.ts runMobilenet, TinyFaceDetector's
// config): conv0 3x3 'valid' + LeakyReLU(0.1), then five separable convs (zero pad 1, depthwise
// 3x3, pointwise 1x1, bias, LeakyReLU) each after a 2x2 max pool with TF's 'same' padding (the
// last pool with stride 1), and conv8 1x1 to 5 anchors x (x, y, w, h, score). The weights keep
// face-api's uint8 storage and are rebuilt as q * scale + min, exactly as TF.js's loader does;
// onnxruntime folds those constant ops when the session opens.
//
// Input `image`: [1, 3, S, S] float32 RGB in 0..255 (the photo padded to a square and resized, see
// src/lib/faceDetect.ts). Output `grid`: [1, 25, S/32, S/32], decoded by the same file.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = 1, UINT8 = 2; // ONNX TensorProto.DataType
const MEAN_RGB = [117.001, 114.697, 97.404];

const attrInts = (name, ints) => ({ name, ints, type: 7 });
const attrInt = (name, i) => ({ name, i, type: 2 });
const attrFloat = (name, f) => ({ name, f, type: 1 });
const attrString = (name, s) => ({ name, s: new TextEncoder().encode(s), type: 3 });

/** Reorders a TF tensor's values (shape `shape`) by `perm`, e.g. HWIO -> OIHW. */
function transpose(values, shape, perm) {
  const out = new Uint8Array(values.length);
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const idx = new Array(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let rem = o, src = 0;
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[d] = rem % outShape[d];
      rem = Math.floor(rem / outShape[d]);
    }
    for (let d = 0; d < perm.length; d++) src += idx[d] * strides[perm[d]];
    out[o] = values[src];
  }
  return { values: out, shape: outShape };
}

/**
 * The ONNX model bytes from face-api's weights manifest (parsed JSON) and its .bin shard.
 * Only the tiny face detector's layout is understood; anything else throws.
 */
export function buildFaceDetectorGraph(manifest, bin) {
  const entries = manifest.flatMap((group) => group.weights);
  const weights = new Map();
  let offset = 0;
  for (const e of entries) {
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (e.quantization?.dtype !== 'uint8') throw new Error(`faceDetectorGraph: ${e.name} is not uint8-quantised`);
    weights.set(e.name, { ...e, values: bin.subarray(offset, offset + n) });
    offset += n;
  }
  if (offset !== bin.length) throw new Error(`faceDetectorGraph: the manifest describes ${offset} bytes, the shard has ${bin.length}`);

  const initializer = [];
  const nodes = [];
  /** A float weight rebuilt from uint8 (q * scale + min), laid out for ONNX by `perm`. */
  const weight = (name, perm) => {
    const w = weights.get(name);
    if (!w) throw new Error(`faceDetectorGraph: no ${name} in the manifest`);
    const { values, shape } = perm ? transpose(w.values, w.shape, perm) : { values: w.values, shape: w.shape };
    const id = name.replace('/', '_');
    initializer.push(
      { name: `${id}_q`, dims: shape, dataType: UINT8, rawData: values },
      { name: `${id}_scale`, dims: [], dataType: FLOAT, floatData: [w.quantization.scale] },
      { name: `${id}_min`, dims: [], dataType: FLOAT, floatData: [w.quantization.min] },
    );
    nodes.push(
      { opType: 'Cast', input: [`${id}_q`], output: [`${id}_f`], attribute: [attrInt('to', FLOAT)] },
      { opType: 'Mul', input: [`${id}_f`, `${id}_scale`], output: [`${id}_s`] },
      { opType: 'Add', input: [`${id}_s`, `${id}_min`], output: [id] },
    );
    return id;
  };
  let x = 'image';
  const op = (opType, input, attribute = []) => {
    const out = `${opType.toLowerCase()}${nodes.length}`;
    nodes.push({ opType, input, output: [out], attribute });
    return out;
  };
  const leaky = (t) => op('LeakyRelu', [t], [attrFloat('alpha', 0.1)]);
  const pool = (t, stride) => op('MaxPool', [t], [attrInts('kernel_shape', [2, 2]), attrInts('strides', [stride, stride]), attrString('auto_pad', 'SAME_UPPER')]);
  const separable = (t, name) => {
    const channels = weights.get(`${name}/depthwise_filter`).shape[2];
    const dw = op('Conv', [t, weight(`${name}/depthwise_filter`, [2, 3, 0, 1])], [attrInts('pads', [1, 1, 1, 1]), attrInt('group', channels), attrInts('kernel_shape', [3, 3])]);
    return leaky(op('Conv', [dw, weight(`${name}/pointwise_filter`, [3, 2, 0, 1]), weight(`${name}/bias`)], [attrInts('kernel_shape', [1, 1])]));
  };

  // face-api: (x - meanRgb) / 255
  initializer.push(
    { name: 'mean', dims: [1, 3, 1, 1], dataType: FLOAT, floatData: MEAN_RGB },
    { name: 'inv255', dims: [], dataType: FLOAT, floatData: [1 / 255] },
  );
  x = op('Mul', [op('Sub', [x, 'mean']), 'inv255']);
  x = leaky(op('Conv', [x, weight('conv0/filters', [3, 2, 0, 1]), weight('conv0/bias')], [attrInts('kernel_shape', [3, 3])]));
  for (const name of ['conv1', 'conv2', 'conv3', 'conv4', 'conv5']) x = separable(pool(x, 2), name);
  x = pool(x, 1);
  x = op('Conv', [x, weight('conv8/filters', [3, 2, 0, 1]), weight('conv8/bias')], [attrInts('kernel_shape', [1, 1])]);
  nodes[nodes.length - 1].output = ['grid'];

  const dim = (d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d });
  const valueInfo = (name, dims) => ({ name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map(dim) } } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'isfrnet-face-restore scripts/faceDetectorGraph.mjs',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny_face_detector',
      node: nodes.map((n, i) => ({ name: `n${i}`, ...n })),
      initializer,
      input: [valueInfo('image', [1, 3, 'size', 'size'])],
      output: [valueInfo('grid', [1, 25, 'cells', 'cells'])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
