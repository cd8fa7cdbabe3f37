/// <reference lib="webworker" />
// The face detector: face-api's tiny face detector network in plain TypeScript (src/lib/
// tinyFaceNet.ts) on the weights that ship inside the npm package, which the app serves itself
// (/face-api/, copied by scripts/copy-ort.mjs). A worker of its own so a detection never blocks
// the inpainting engine, and no runtime to download or compile before the first face box: TF.js
// (1.3 MB, 0.7 s first run) and onnxruntime (its 14 MB .wasm) each made the box wait seconds on a
// cold page.
import { version as faceApiVersion } from '@vladmandic/face-api/package.json';
import { findFaces, lookForFaces } from '../lib/faceDetect';
import { tinyFaceWeights, type TinyFaceWeights } from '../lib/tinyFaceNet';
import { cachedBytes } from './assetCache';
import type { FaceReply, FaceRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** The warm-up gets the network's loops compiled by the JIT; a small input does that. */
const WARM_INPUT = 128;

let weights: Promise<TinyFaceWeights> | null = null;

/** The weights, through the app's cache: fetched once, offline after. */
async function load(baseUrl: string): Promise<TinyFaceWeights> {
  const [manifest, bin] = await Promise.all([
    cachedBytes(`${baseUrl}tiny_face_detector_model-weights_manifest.json`, faceApiVersion),
    cachedBytes(`${baseUrl}tiny_face_detector_model.bin`, faceApiVersion),
  ]);
  return tinyFaceWeights(JSON.parse(new TextDecoder().decode(manifest)), new Uint8Array(bin));
}

async function detect(req: FaceRequest): Promise<FaceReply> {
  weights ??= load(req.modelBaseUrl);
  const w = await weights;
  // A photo arrived while the detector loaded: its detection warms the detector just as well.
  if (req.type === 'warm' && photosWaiting > 0) return { type: 'faces', id: req.id, boxes: [], ms: 0 };
  const started = performance.now();
  const rgba = new Uint8Array(req.rgba);
  if (req.type === 'warm') {
    // one look is enough for the JIT (a blank image would take the padded second look too)
    lookForFaces(w, rgba, req.width, req.height, { ox: 0, oy: 0, cw: req.width, ch: req.height }, WARM_INPUT);
    return { type: 'faces', id: req.id, boxes: [], ms: performance.now() - started };
  }
  const boxes = findFaces(w, rgba, req.width, req.height);
  return { type: 'faces', id: req.id, boxes, ms: performance.now() - started };
}

// One request at a time, in order: the page-load warm-up and the first photo at once would each
// take as long as both together.
let queue: Promise<unknown> = Promise.resolve();
let photosWaiting = 0;

self.onmessage = (event: MessageEvent<FaceRequest>) => {
  const req = event.data;
  if (req.type === 'detect') photosWaiting++;
  queue = queue.then(() => answer(req));
};

function answer(req: FaceRequest): Promise<void> {
  if (req.type === 'detect') photosWaiting--;
  return detect(req)
    .catch((err): FaceReply => {
      weights = null; // a failed load may succeed on the next photo
      return { type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) };
    })
    .then((reply) => self.postMessage(reply));
}
