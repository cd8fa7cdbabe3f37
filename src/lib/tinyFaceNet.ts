// face-api's tiny face detector network (a Tiny-YOLOv2 with depthwise-separable convolutions,
// 190 kB of uint8 weights in @vladmandic/face-api, MIT) in plain TypeScript. 0.13 GMAC at 416 px:
// a few hundred ms of JavaScript with nothing to download or compile first, where TensorFlow.js's
// first run cost 0.7 s and onnxruntime's 14 MB .wasm seconds before a face box could show.
//
// The layers are face-api's (TinyYolov2Base.runMobilenet with TinyFaceDetector's config): conv0
// 3x3 'valid' + LeakyReLU(0.1), then five separable convs (zero pad 1, depthwise 3x3, pointwise
// 1x1, bias, LeakyReLU) each after a 2x2 max pool with TF's 'same' padding (the last pool with
// stride 1), and conv8 1x1 to 5 anchors x (x, y, w, h, score). Activations are channels-last.

const MEAN_RGB = [117.001, 114.697, 97.404];

export interface WeightsManifestEntry {
  name: string;
  shape: number[];
  quantization?: { dtype: string; scale: number; min: number };
}

/** The weights by name, in TF's layouts (HWIO, [3, 3, C, 1], [1, 1, Cin, Cout]), rebuilt as q * scale + min as TF.js does. */
export type TinyFaceWeights = Map<string, Float32Array>;

/** face-api's weights manifest (the JSON, parsed) and its one .bin shard. */
export function tinyFaceWeights(manifest: { weights: WeightsManifestEntry[] }[], bin: Uint8Array): TinyFaceWeights {
  const out: TinyFaceWeights = new Map();
  let offset = 0;
  for (const e of manifest.flatMap((group) => group.weights)) {
    const n = e.shape.reduce((a, b) => a * b, 1);
    const q = e.quantization;
    if (q?.dtype !== 'uint8') throw new Error(`tiny face detector: ${e.name} is not uint8-quantised`);
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) w[i] = bin[offset + i] * q.scale + q.min;
    out.set(e.name, w);
    offset += n;
  }
  if (offset !== bin.length) throw new Error(`tiny face detector: the manifest describes ${offset} bytes, the weights file has ${bin.length}`);
  return out;
}

interface Tensor {
  data: Float32Array;
  h: number;
  w: number;
  c: number;
}

function get(weights: TinyFaceWeights, name: string): Float32Array {
  const w = weights.get(name);
  if (!w) throw new Error(`tiny face detector: no ${name} in the weights`);
  return w;
}

/** 3x3 convolution without padding, HWIO weights, bias, LeakyReLU. */
function conv0(x: Tensor, w: Float32Array, bias: Float32Array): Tensor {
  const co = bias.length, h = x.h - 2, wd = x.w - 2, ci = x.c;
  if (ci !== 3) throw new Error('tiny face detector: conv0 expects RGB');
  const xd = x.data, stride = x.w * 3;
  const out = new Float32Array(h * wd * co);
  // One output channel at a time with its 27 weights in locals: the JIT keeps them in registers,
  // where a loop over 27 taps per channel and pixel ran at a tenth of the speed.
  for (let k = 0; k < co; k++) {
    const f = (ky: number, kx: number, c: number) => w[((ky * 3 + kx) * 3 + c) * co + k];
    const a0 = f(0, 0, 0), a1 = f(0, 0, 1), a2 = f(0, 0, 2), a3 = f(0, 1, 0), a4 = f(0, 1, 1), a5 = f(0, 1, 2), a6 = f(0, 2, 0), a7 = f(0, 2, 1), a8 = f(0, 2, 2);
    const b0 = f(1, 0, 0), b1 = f(1, 0, 1), b2 = f(1, 0, 2), b3 = f(1, 1, 0), b4 = f(1, 1, 1), b5 = f(1, 1, 2), b6 = f(1, 2, 0), b7 = f(1, 2, 1), b8 = f(1, 2, 2);
    const c0 = f(2, 0, 0), c1 = f(2, 0, 1), c2 = f(2, 0, 2), c3 = f(2, 1, 0), c4 = f(2, 1, 1), c5 = f(2, 1, 2), c6 = f(2, 2, 0), c7 = f(2, 2, 1), c8 = f(2, 2, 2);
    const bk = bias[k];
    for (let y = 0; y < h; y++) {
      let r0 = y * stride, r1 = r0 + stride, r2 = r1 + stride, o = y * wd * co + k;
      for (let xx = 0; xx < wd; xx++, r0 += 3, r1 += 3, r2 += 3, o += co) {
        const v =
          bk +
          xd[r0] * a0 + xd[r0 + 1] * a1 + xd[r0 + 2] * a2 + xd[r0 + 3] * a3 + xd[r0 + 4] * a4 + xd[r0 + 5] * a5 + xd[r0 + 6] * a6 + xd[r0 + 7] * a7 + xd[r0 + 8] * a8 +
          xd[r1] * b0 + xd[r1 + 1] * b1 + xd[r1 + 2] * b2 + xd[r1 + 3] * b3 + xd[r1 + 4] * b4 + xd[r1 + 5] * b5 + xd[r1 + 6] * b6 + xd[r1 + 7] * b7 + xd[r1 + 8] * b8 +
          xd[r2] * c0 + xd[r2 + 1] * c1 + xd[r2 + 2] * c2 + xd[r2 + 3] * c3 + xd[r2 + 4] * c4 + xd[r2 + 5] * c5 + xd[r2 + 6] * c6 + xd[r2 + 7] * c7 + xd[r2 + 8] * c8;
        out[o] = v < 0 ? 0.1 * v : v;
      }
    }
  }
  return { data: out, h, w: wd, c: co };
}

/** [rows, cols] -> [cols, rows]: each output channel's weights contiguous, for the dot products. */
function transposeInOut(w: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
  return t;
}

/** 2x2 max pool with TF's 'same' padding (windows clipped at the right and bottom edges). */
function maxPool(x: Tensor, stride: number): Tensor {
  const h = Math.ceil(x.h / stride), w = Math.ceil(x.w / stride), c = x.c;
  const out = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let xx = 0; xx < w; xx++) {
      const y0 = y * stride, x0 = xx * stride;
      const y1 = Math.min(y0 + 1, x.h - 1), x1 = Math.min(x0 + 1, x.w - 1);
      const o = (y * w + xx) * c;
      const a = (y0 * x.w + x0) * c, b = (y0 * x.w + x1) * c, d = (y1 * x.w + x0) * c, e = (y1 * x.w + x1) * c;
      for (let k = 0; k < c; k++) out[o + k] = Math.max(x.data[a + k], x.data[b + k], x.data[d + k], x.data[e + k]);
    }
  return { data: out, h, w, c };
}

/** Zero pad 1, depthwise 3x3 ([3, 3, C, 1]), pointwise 1x1 ([Cin, Cout]) + bias, LeakyReLU. */
function separable(x: Tensor, dw: Float32Array, pw: Float32Array, bias: Float32Array): Tensor {
  const { h, w, c } = x;
  const mid = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let xx = 0; xx < w; xx++) {
      const o = (y * w + xx) * c;
      for (let ky = 0; ky < 3; ky++) {
        const sy = y + ky - 1;
        if (sy < 0 || sy >= h) continue;
        for (let kx = 0; kx < 3; kx++) {
          const sx = xx + kx - 1;
          if (sx < 0 || sx >= w) continue;
          const s = (sy * w + sx) * c, wo = (ky * 3 + kx) * c;
          for (let k = 0; k < c; k++) mid[o + k] += x.data[s + k] * dw[wo + k];
        }
      }
    }
  return pointwise({ data: mid, h, w, c }, pw, bias, true);
}

/** 1x1 convolution ([Cin, Cout]) + bias, with or without LeakyReLU. */
function pointwise(x: Tensor, pw: Float32Array, bias: Float32Array, activate: boolean): Tensor {
  const co = bias.length, ci = x.c, n = x.h * x.w, xd = x.data;
  const wt = transposeInOut(pw, ci, co);
  const out = new Float32Array(n * co);
  const act = (v: number) => (activate && v < 0 ? 0.1 * v : v);
  for (let p = 0; p < n; p++) {
    const o = p * co, s = p * ci;
    let k = 0;
    // four output channels per pass over the pixel's inputs: a quarter of the loads and loop steps
    for (; k + 4 <= co; k += 4) {
      let a0 = bias[k], a1 = bias[k + 1], a2 = bias[k + 2], a3 = bias[k + 3];
      const w0 = k * ci, w1 = w0 + ci, w2 = w1 + ci, w3 = w2 + ci;
      for (let c = 0; c < ci; c++) {
        const v = xd[s + c];
        a0 += v * wt[w0 + c];
        a1 += v * wt[w1 + c];
        a2 += v * wt[w2 + c];
        a3 += v * wt[w3 + c];
      }
      out[o + k] = act(a0);
      out[o + k + 1] = act(a1);
      out[o + k + 2] = act(a2);
      out[o + k + 3] = act(a3);
    }
    for (; k < co; k++) {
      let acc = bias[k];
      const wo = k * ci;
      for (let c = 0; c < ci; c++) acc += xd[s + c] * wt[wo + c];
      out[o + k] = act(acc);
    }
  }
  return { data: out, h: x.h, w: x.w, c: co };
}

/**
 * The network on an input of [3, size, size] RGB in 0..255 (channels first, as
 * src/lib/faceDetect.ts makes it). Returns the output grid [25, cells, cells], channels first.
 */
export function runTinyFaceNet(weights: TinyFaceWeights, input: Float32Array, size: number): { grid: Float32Array; cells: number } {
  const plane = size * size;
  const x = new Float32Array(plane * 3);
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) x[p * 3 + c] = (input[c * plane + p] - MEAN_RGB[c]) / 255;
  let t = conv0({ data: x, h: size, w: size, c: 3 }, get(weights, 'conv0/filters'), get(weights, 'conv0/bias'));
  for (const name of ['conv1', 'conv2', 'conv3', 'conv4', 'conv5']) {
    t = separable(maxPool(t, 2), get(weights, `${name}/depthwise_filter`), get(weights, `${name}/pointwise_filter`), get(weights, `${name}/bias`));
  }
  t = pointwise(maxPool(t, 1), get(weights, 'conv8/filters'), get(weights, 'conv8/bias'), false);
  const cells = t.h;
  const grid = new Float32Array(t.c * cells * cells);
  for (let p = 0; p < cells * cells; p++) for (let k = 0; k < t.c; k++) grid[k * cells * cells + p] = t.data[p * t.c + k];
  return { grid, cells };
}
