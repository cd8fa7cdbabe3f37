// Copies onnxruntime-web's runtime (.mjs glue + .wasm) into public/ort/ so the app serves it
// itself (never a CDN); also builds the face detector's graph into public/face-api/. The worker points env.wasm.wasmPaths at /ort/.
// Two variants: the plain SIMD-threaded build used by `onnxruntime-web/wasm` (fastest on CPU)
// and the asyncify build used by `onnxruntime-web/webgpu` (native WebGPU EP).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFaceDetectorGraph } from './faceDetectorGraph.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'node_modules', 'onnxruntime-web', 'dist');
const to = join(root, 'public', 'ort');
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
  console.log(`copy-ort: ${name}`);
}

// The face detector: face-api's tiny face detector weights (shipped inside @vladmandic/face-api)
// written as an ONNX graph (scripts/faceDetectorGraph.mjs), served from /face-api/ and run by the
// same onnxruntime as the model: no other origin, and no second runtime (TensorFlow.js) to send.
const faceFrom = join(root, 'node_modules', '@vladmandic', 'face-api', 'model');
const faceTo = join(root, 'public', 'face-api');
mkdirSync(faceTo, { recursive: true });
const graph = buildFaceDetectorGraph(
  JSON.parse(readFileSync(join(faceFrom, 'tiny_face_detector_model-weights_manifest.json'), 'utf8')),
  readFileSync(join(faceFrom, 'tiny_face_detector_model.bin')),
);
const graphPath = join(faceTo, 'tiny_face_detector.onnx');
if (!existsSync(graphPath) || !readFileSync(graphPath).equals(Buffer.from(graph))) {
  writeFileSync(graphPath, graph);
  console.log(`copy-ort: face-api/tiny_face_detector.onnx (${graph.length} bytes)`);
}
// what earlier versions put here for TensorFlow.js: not served any more
for (const name of readdirSync(faceTo)) if (name !== 'tiny_face_detector.onnx') rmSync(join(faceTo, name));
