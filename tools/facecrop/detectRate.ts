// How often the face detector finds a face, with and without the padded second look the face
// worker takes (src/worker/face.worker.ts) when the first finds none, on the photos given:
//   npx tsx tools/facecrop/detectRate.ts ../shared/data/faces/hires/codeformer-cropped/*.png
// The photos are scaled to at most 640 px first, as the app sends them. INPUT_SIZE=320 compares
// the detector's earlier input size (the app uses 416).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
const require = createRequire(import.meta.url);
const wasm = require('@tensorflow/tfjs-backend-wasm');
wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const tf = require('@tensorflow/tfjs');
await tf.setBackend('wasm'); await tf.ready();
await faceapi.nets.tinyFaceDetector.loadFromDisk(join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
const opts = new faceapi.TinyFaceDetectorOptions({ inputSize: Number(process.env.INPUT_SIZE ?? 416), scoreThreshold: 0.3 });
async function count(rgb: Buffer, w: number, h: number, pad: number) {
  const cw = w + 2 * pad, ch = h + 2 * pad;
  const a = new Int32Array(cw * ch * 3).fill(128);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) a[((y + pad) * cw + x + pad) * 3 + c] = rgb[(y * w + x) * 3 + c];
  const t = tf.tensor3d(a, [ch, cw, 3], 'int32');
  const f = await faceapi.nets.tinyFaceDetector.locateFaces(t, opts); t.dispose(); if (process.env.SHOW) console.log(f.map((x: any) => `${x.score.toFixed(2)}@${Math.round(x.box.x)},${Math.round(x.box.y)} ${Math.round(x.box.width)}`).join(" | ")); return f.length;
}
async function scaled(path: string) {
  // the app sends the photo scaled to at most 640 px
  const img = sharp(path).removeAlpha(); const m = await img.metadata();
  const d = Math.min(1, 640 / Math.max(m.width!, m.height!));
  const { data, info } = await img.resize(Math.round(m.width! * d), Math.round(m.height! * d)).raw().toBuffer({ resolveWithObject: true });
  return { data, w: info.width, h: info.height };
}
const args = process.argv.slice(2);
let plain = 0, padded = 0, n = 0;
for (const p of args) {
  const { data, w, h } = await scaled(p);
  const a = await count(data, w, h, 0);
  const b = a ? a : await count(data, w, h, Math.round(Math.max(w, h) / 2));
  n++; if (a) plain++; if (b) padded++;
  console.log(p.split('/').pop(), a, b);
}
console.log(`found: plain ${plain}/${n}, with padded retry ${padded}/${n}`);
