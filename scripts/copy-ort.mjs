// Copies onnxruntime-web's runtime (.mjs glue + .wasm) into public/ort/ so the app serves it
// itself (never a CDN); also the face detector's weights into public/face-api/. The worker points env.wasm.wasmPaths at /ort/<version>/.
// Two variants: the plain SIMD-threaded build used by `onnxruntime-web/wasm` (fastest on CPU)
// and the asyncify build used by `onnxruntime-web/webgpu` (native WebGPU EP).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'node_modules', 'onnxruntime-web', 'dist');
// Under the runtime's version (public/ort/1.30.0/): the URL changes when the file does, so the
// service worker's precache can take the glue from the HTTP cache instead of fetching it again.
const version = JSON.parse(readFileSync(join(root, 'node_modules', 'onnxruntime-web', 'package.json'), 'utf8')).version;
const ortRoot = join(root, 'public', 'ort');
const to = join(ortRoot, version);
const files = [
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
];

mkdirSync(to, { recursive: true });
for (const name of files) {
  const src = join(from, name);
  const dst = join(to, name);
  if (existsSync(dst) && statSync(dst).size === statSync(src).size && statSync(dst).mtimeMs >= statSync(src).mtimeMs) continue;
  copyFileSync(src, dst);
  console.log(`copy-ort: ${version}/${name}`);
}
// other versions, and the unversioned copies earlier builds put here
for (const name of readdirSync(ortRoot)) if (name !== version) rmSync(join(ortRoot, name), { recursive: true });

// The face detector's weights, shipped inside @vladmandic/face-api (its tiny face detector; the
// network itself is src/lib/tinyFaceNet.ts): served from /face-api/ so the face-aware crop needs
// no other origin either.
const faceFrom = join(root, 'node_modules', '@vladmandic', 'face-api', 'model');
const faceTo = join(root, 'public', 'face-api');
const faceFiles = ['tiny_face_detector_model-weights_manifest.json', 'tiny_face_detector_model.bin'];
mkdirSync(faceTo, { recursive: true });
for (const name of faceFiles) {
  const src = join(faceFrom, name);
  const dst = join(faceTo, name);
  if (existsSync(dst) && statSync(dst).size === statSync(src).size) continue;
  copyFileSync(src, dst);
  console.log(`copy-ort: face-api/${name}`);
}
// what earlier versions put here (TensorFlow.js's .wasm files): not served any more
for (const name of readdirSync(faceTo)) if (!faceFiles.includes(name)) rmSync(join(faceTo, name));
