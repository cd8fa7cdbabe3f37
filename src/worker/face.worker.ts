/// <reference lib="webworker" />
// The face detector: face-api's tiny face detector (TensorFlow.js is bundled in its ESM build), on
// the weights that ship inside the npm package and that the app serves itself (/face-api/, copied
// by scripts/copy-ort.mjs). A worker of its own, so its 1.3 MB of TF.js never blocks the
// inpainting engine; it is warmed at page load (engine/face.ts) so a photo's face box is quick.
import * as faceapi from '@vladmandic/face-api';
import { cachedBytes } from './assetCache';
import type { FaceBox, FaceReply, FaceRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/**
 * The settings the crop convention in the manifest was measured with. 416, not 320: at 320 px
 * group photos (faces about a sixth of the width) got boxes on the hair between people and missed
 * small faces (../shared/data/photos/whole/02.png, 00.jpg; e2e/faces.spec.ts).
 */
const OPTIONS = { inputSize: 416, scoreThreshold: 0.3 };

/** The warm-up primes TF.js's code (its first run is most of a second), not the pixels: a small input does. */
const WARM_INPUT = 128;

let ready: Promise<void> | null = null;

/**
 * TF.js fetches its .wasm itself; this sends that fetch through the app's cache, like every other
 * big file the workers use, so the detector works offline after the first visit.
 */
function routeWasmThroughCache(baseUrl: string, version: string) {
  const network = self.fetch.bind(self);
  self.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(baseUrl) && url.endsWith('.wasm')) {
      return new Response(await cachedBytes(url, version, network), { headers: { 'content-type': 'application/wasm' } });
    }
    return network(input, init);
  };
}

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
    setWasmPaths(prefix: string, usePlatformFetch?: boolean): void;
    env(): { set(flag: string, value: boolean): void };
    ready(): Promise<void>;
    io: { weightsLoaderFactory(f: (paths: string[]) => Promise<ArrayBuffer[]>): (manifest: unknown, base: string) => Promise<Record<string, unknown>> };
  };
  // TF.js's WASM backend (bundled in face-api; its .wasm is served from /face-api/): about 10x the
  // CPU backend. Not WebGL: without a GPU, Chromium's software WebGL takes seconds per detection.
  const version = String(faceapi.version);
  routeWasmThroughCache(baseUrl, version);
  // The weights download while the backend compiles (they waited for it before: 0.6 s later on a
  // 10 Mbit/s first visit). Through the app's cache (the service worker does not keep these):
  // fetched once, offline after.
  const manifestReady = cachedBytes(`${baseUrl}tiny_face_detector_model-weights_manifest.json`, version).then((b) => JSON.parse(new TextDecoder().decode(b)));
  const shards = new Map<string, Promise<ArrayBuffer>>();
  const shard = (path: string) => {
    if (!shards.has(path)) shards.set(path, cachedBytes(path, version));
    return shards.get(path)!;
  };
  const prefetched = manifestReady.then((m: { paths: string[] }[]) => m.flatMap((group) => group.paths.map((p) => shard(`${baseUrl}${p}`))));
  prefetched.catch(() => {}); // the awaits below report a failure
  // usePlatformFetch: the plain fetch + instantiate path, which goes through the cache above
  tf.setWasmPaths(baseUrl, true);
  // One thread: the inpainting engine owns the cores.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm').catch(() => false))) await tf.setBackend('cpu');
  await tf.ready();
  const manifest = await manifestReady;
  const fetchAll = (paths: string[]) => Promise.all(paths.map(shard));
  const weights = await tf.io.weightsLoaderFactory(fetchAll)(manifest, baseUrl);
  faceapi.nets.tinyFaceDetector.loadFromWeightMap(weights as never);
}

/** Faces in an RGB image placed at (ox, oy) on a grey canvas of cw x ch; boxes in the image's pixels. */
async function locate(rgba: Uint8Array, width: number, height: number, ox = 0, oy = 0, cw = width, ch = height, inputSize = OPTIONS.inputSize): Promise<FaceBox[]> {
  const rgb = new Int32Array(cw * ch * 3).fill(128);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4, j = ((y + oy) * cw + x + ox) * 3;
      rgb[j] = rgba[i];
      rgb[j + 1] = rgba[i + 1];
      rgb[j + 2] = rgba[i + 2];
    }
  const input = faceapi.tf.tensor3d(rgb, [ch, cw, 3], 'int32');
  try {
    const found = await faceapi.nets.tinyFaceDetector.locateFaces(input as never, new faceapi.TinyFaceDetectorOptions({ ...OPTIONS, inputSize }));
    return found
      .map((f) => ({ x: f.box.x - ox, y: f.box.y - oy, width: f.box.width, height: f.box.height, score: f.score }))
      .sort((a, b) => b.score - a.score);
  } finally {
    input.dispose();
  }
}

async function detect(req: FaceRequest): Promise<FaceReply> {
  ready ??= load(req.modelBaseUrl);
  await ready;
  // A photo arrived while the detector loaded: its detection warms the detector just as well.
  if (req.type === 'warm' && photosWaiting > 0) return { type: 'faces', id: req.id, boxes: [], ms: 0 };
  const started = performance.now();
  const rgba = new Uint8Array(req.rgba);
  let boxes = await locate(rgba, req.width, req.height, 0, 0, req.width, req.height, req.type === 'warm' ? WARM_INPUT : OPTIONS.inputSize);
  if (req.type === 'warm') return { type: 'faces', id: req.id, boxes: [], ms: performance.now() - started };
  if (!boxes.length) {
    // A tight face crop (the face fills the frame) is larger than the tiny detector's anchors:
    // look again with the photo in the middle of a grey canvas twice its size.
    const pad = Math.round(Math.max(req.width, req.height) / 2);
    boxes = await locate(rgba, req.width, req.height, pad, pad, req.width + 2 * pad, req.height + 2 * pad);
  }
  return { type: 'faces', id: req.id, boxes, ms: performance.now() - started };
}

// One request at a time, in order: two detections at once (the page-load warm-up and the first
// photo) each took as long as both together, 1.4 s on a cold page.
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
      ready = null; // a failed load may succeed on the next photo
      return { type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) };
    })
    .then((reply) => self.postMessage(reply));
}
