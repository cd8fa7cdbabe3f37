// Computes face-api's 128-D face descriptors (faceRecognitionNet.computeFaceDescriptor, on the
// TensorFlow.js WASM backend, loaded as tools/eval/identity.ts does) for a raw file of N RGB
// uint8 images of size S x S (N*S*S*3 bytes, row-major HWC), and prints them as a JSON list.
// usage: node training/facerec_parity.mjs <images.raw> <N> <S>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const [path, nArg, sArg] = process.argv.slice(2);
const n = Number(nArg);
const size = Number(sArg);
const bytes = readFileSync(path);
if (!(n > 0 && size > 0) || bytes.length !== n * size * size * 3) {
  throw new Error(`usage: node training/facerec_parity.mjs <images.raw> <N> <S> (${bytes.length} bytes read)`);
}

const wasm = require('@tensorflow/tfjs-backend-wasm');
wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const tf = require('@tensorflow/tfjs'); // the instance face-api uses
await tf.setBackend('wasm');
await tf.ready();
const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);

const out = [];
const per = size * size * 3;
for (let i = 0; i < n; i++) {
  const rgb = Int32Array.from(bytes.subarray(i * per, (i + 1) * per));
  const t = faceapi.tf.tensor3d(rgb, [size, size, 3], 'int32');
  try {
    out.push(Array.from(await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t)));
  } finally {
    t.dispose();
  }
}
console.log(JSON.stringify(out));
