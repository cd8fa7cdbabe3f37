// The app's face detector in Node, for the evaluation: face-api's tiny face detector on TF.js's
// WASM backend with the weights in the npm package, the settings of src/worker/face.worker.ts
// (416 px input, score 0.3, a padded second look when nothing is found) on the photo scaled to at
// most 640 px as src/engine/face.ts sends it (area resize here; the page's canvas resize there).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ImageRect } from '../../src/lib/geometry';
import { cropResizeArea } from '../../src/lib/resample';

const DETECT_MAX = 640;
const require = createRequire(import.meta.url);
let loaded: Promise<{ tf: any; faceapi: any }> | null = null;

function load() {
  loaded ??= (async () => {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
    const tf = require('@tensorflow/tfjs');
    await tf.setBackend('wasm');
    await tf.ready();
    await faceapi.nets.tinyFaceDetector.loadFromDisk(join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
    return { tf, faceapi };
  })();
  return loaded;
}

async function locate(rgba: Uint8ClampedArray, w: number, h: number, pad: number): Promise<ImageRect[]> {
  const { tf, faceapi } = await load();
  const cw = w + 2 * pad, ch = h + 2 * pad;
  const rgb = new Int32Array(cw * ch * 3).fill(128);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) rgb[((y + pad) * cw + x + pad) * 3 + c] = rgba[(y * w + x) * 4 + c];
  const t = tf.tensor3d(rgb, [ch, cw, 3], 'int32');
  try {
    const found = await faceapi.nets.tinyFaceDetector.locateFaces(t, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.3 }));
    return [...found]
      .sort((a: any, b: any) => b.score - a.score)
      .map((f: any) => ({ x: f.box.x - pad, y: f.box.y - pad, width: f.box.width, height: f.box.height }));
  } finally {
    t.dispose();
  }
}

/** The faces in an RGBA photo, most confident first, in the photo's pixels. */
export async function findFaces(rgba: Uint8ClampedArray, width: number, height: number): Promise<ImageRect[]> {
  const d = Math.min(1, DETECT_MAX / Math.max(width, height));
  const w = Math.max(1, Math.round(width * d)), h = Math.max(1, Math.round(height * d));
  const small = d < 1 && width === height ? cropResizeArea(rgba, width, height, { x: 0, y: 0, size: width }, w) : rgba;
  if (d < 1 && width !== height) throw new Error('findFaces: only square photos are scaled here');
  let boxes = await locate(small, w, h, 0);
  if (!boxes.length) boxes = await locate(small, w, h, Math.round(Math.max(w, h) / 2));
  return boxes.map((b) => ({ x: b.x / d, y: b.y / d, width: b.width / d, height: b.height / d }));
}
