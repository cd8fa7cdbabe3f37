/// <reference lib="webworker" />
// The face detector: face-api's tiny face detector (TensorFlow.js is bundled in its ESM build), on
// the weights that ship inside the npm package and that the app serves itself (/face-api/, copied
// by scripts/copy-ort.mjs). A worker of its own, so its 1.3 MB of TF.js loads only when a photo
// is opened and never delays the inpainting engine.
import * as faceapi from '@vladmandic/face-api';
import type { FaceReply, FaceRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** The settings the crop convention in the manifest was measured with. */
const OPTIONS = { inputSize: 320, scoreThreshold: 0.3 };

let ready: Promise<void> | null = null;

/** face-api's own loaders need a DOM environment; a worker has none, so the weights load through TF.js's loader. */
async function load(baseUrl: string): Promise<void> {
  // face-api checks for a DOM before its first use; a worker has OffscreenCanvas instead.
  class NoMedia {}
  faceapi.env.setEnv({
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: NoMedia,
    ImageData,
    Video: NoMedia,
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: () => new NoMedia(),
    createVideoElement: () => new NoMedia(),
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: () => Promise.reject(new Error('no file system in a worker')),
  } as never);
  const tf = faceapi.tf as unknown as {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    io: { weightsLoaderFactory(f: (paths: string[]) => Promise<ArrayBuffer[]>): (manifest: unknown, base: string) => Promise<Record<string, unknown>> };
  };
  // WebGL needs a GPU context in the worker; the CPU backend is always there and fast enough at 320 px.
  if (!(await tf.setBackend('webgl').catch(() => false))) await tf.setBackend('cpu');
  await tf.ready();
  const manifest = await (await fetch(`${baseUrl}tiny_face_detector_model-weights_manifest.json`)).json();
  const fetchAll = (paths: string[]) => Promise.all(paths.map(async (p) => (await fetch(p)).arrayBuffer()));
  const weights = await tf.io.weightsLoaderFactory(fetchAll)(manifest, baseUrl);
  faceapi.nets.tinyFaceDetector.loadFromWeightMap(weights as never);
}

async function detect(req: FaceRequest): Promise<FaceReply> {
  ready ??= load(req.modelBaseUrl);
  await ready;
  const started = performance.now();
  const rgba = new Uint8Array(req.rgba);
  const rgb = new Int32Array(req.width * req.height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  const input = faceapi.tf.tensor3d(rgb, [req.height, req.width, 3], 'int32');
  try {
    const found = await faceapi.nets.tinyFaceDetector.locateFaces(input as never, new faceapi.TinyFaceDetectorOptions(OPTIONS));
    const best = found.sort((a, b) => b.score - a.score)[0];
    const box = best ? { x: best.box.x, y: best.box.y, width: best.box.width, height: best.box.height, score: best.score } : null;
    return { type: 'faces', id: req.id, box, ms: performance.now() - started };
  } finally {
    input.dispose();
  }
}

self.onmessage = (event: MessageEvent<FaceRequest>) => {
  const req = event.data;
  detect(req)
    .catch((err): FaceReply => {
      ready = null; // a failed load may succeed on the next photo
      return { type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) };
    })
    .then((reply) => self.postMessage(reply));
};
