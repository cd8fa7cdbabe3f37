// Main-thread side of the face detector: scales the photo down, asks the face worker, and turns
// the answer into a crop by the manifest's convention. Latest photo wins.
import { cropForFace, faceCropConvention, type FaceCropConvention } from '../lib/faceCrop';
import type { CropRect } from '../lib/geometry';
import { useAppStore } from '../store';
import type { Photo } from '../store/imageSlice';
import type { FaceReply, FaceRequest } from '../worker/protocol';
import { workerChannel } from './workerChannel';

/** The detector looks at 416 px; 640 px on the long side keeps small faces findable and is cheap to send. */
export const DETECT_MAX = 640;

const ask = workerChannel<FaceRequest, FaceReply>(
  () => new Worker(new URL('../worker/face.worker.ts', import.meta.url), { type: 'module', name: 'face' }),
  (id, message) => ({ type: 'error', id, message: message || 'the face detector stopped' }),
);
let convention: Promise<FaceCropConvention> | null = null;

// Requests the detector has not answered yet, so the engine can leave it the CPU (faceDetectorIdle).
let inFlight = 0;
const idleWaiters: (() => void)[] = [];
function tracked<T>(work: Promise<T>): Promise<T> {
  inFlight++;
  return work.finally(() => {
    if (--inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
  });
}

/**
 * Resolves once the detector has answered everything asked of it. The engine waits for this before
 * it compiles the runtime and opens its sessions: on two cores both at once made the first face box
 * take 2.3 s on a cold page, where the detector alone needs well under one.
 */
export function faceDetectorIdle(): Promise<void> {
  return inFlight ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve();
}

/** The manifest's faceCrop convention (scale 1.25 centred when it states none). */
function loadConvention(): Promise<FaceCropConvention> {
  // Offline: the copy the engine keeps in its cache (modelStore.ts), without a request that can only fail.
  const url = `${location.origin}/models/manifest.json`;
  const offline = async () => (navigator.onLine === false && typeof caches !== 'undefined' ? caches.match(url) : undefined);
  convention ??= offline()
    .then(async (hit) => hit ?? (await fetch(url)))
    .then((r) => r.json())
    .then(faceCropConvention)
    .catch(() => faceCropConvention(null));
  return convention;
}

/**
 * Loads the detector's weights and runs it once on a small blank image at page load, so the first
 * photo's face box waits neither for the download nor for the JIT to compile the network's loops.
 */
export function warmFaceDetector(): void {
  const w = 32;
  const rgba = new Uint8ClampedArray(w * w * 4).fill(128).buffer as ArrayBuffer;
  void tracked(ask({ type: 'warm', rgba, width: w, height: w, modelBaseUrl: `${location.origin}/face-api/` }, [rgba]));
  void loadConvention();
}

export type FaceResult = { kind: 'found'; crops: CropRect[]; scores: number[] } | { kind: 'none' } | { kind: 'error'; message: string };

/** Finds every face in the photo, most confident first, and the crops that frame them as the model expects. */
export async function findFaceCrop(photo: Photo): Promise<FaceResult> {
  const d = Math.min(1, DETECT_MAX / Math.max(photo.width, photo.height));
  const w = Math.max(1, Math.round(photo.width * d));
  const h = Math.max(1, Math.round(photo.height * d));
  let rgba: ArrayBuffer;
  if (photo.small && photo.small.width === w && photo.small.height === h) {
    rgba = photo.small.rgba.slice().buffer; // the decoder made it off the main thread; a copy, the photo keeps its own
  } else {
    const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
    if (!ctx || !photo.source) return { kind: 'error', message: 'This browser could not give a canvas to look for the face.' };
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(photo.source, 0, 0, w, h);
    rgba = ctx.getImageData(0, 0, w, h).data.buffer as ArrayBuffer;
  }
  const reply = await tracked(ask({ type: 'detect', rgba, width: w, height: h, modelBaseUrl: `${location.origin}/face-api/` }, [rgba]));
  if (reply.type === 'error') return { kind: 'error', message: reply.message };
  if (!reply.boxes.length) return { kind: 'none' };
  const convention = await loadConvention();
  // Left to right, as the person reads the photo ("Face 1" is the leftmost); the most confident first among equals.
  const boxes = [...reply.boxes].sort((a, b) => a.x - b.x);
  const crops = boxes.map((b) => cropForFace({ x: b.x / d, y: b.y / d, width: b.width / d, height: b.height / d }, convention, photo.width, photo.height));
  return { kind: 'found', crops, scores: boxes.map((b) => b.score) };
}

/**
 * Snaps the crop box to the face. `auto` (right after a photo opens): only if the person has not
 * moved the box or painted in the meantime; otherwise the panel offers the snap. No face: the box
 * stays where it is (the centred square) and the panel says so.
 */
export async function snapCropToFace(auto: boolean): Promise<void> {
  const s = useAppStore.getState();
  const photo = s.photo;
  if (!photo) return;
  const before = s.crop;
  s.setFace({ status: 'looking' });
  const result = await findFaceCrop(photo).catch((e): FaceResult => ({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
  const now = useAppStore.getState();
  if (now.photo !== photo) return; // another photo opened meanwhile
  if (result.kind === 'found') {
    now.setFaceCrops(result.crops);
    // Never move the box under someone who already moved it or started painting.
    if (auto && (now.crop !== before || now.strokes.length > 0)) return now.setFace({ status: 'offer' });
    // the most confident face first
    const best = result.scores.indexOf(Math.max(...result.scores));
    now.setCrop(result.crops[best]);
    now.setFace({ status: 'found' });
  } else if (result.kind === 'none') {
    now.setFaceCrops([]);
    now.setFace({ status: 'none' });
  } else {
    now.setFace({ status: 'error', message: result.message });
  }
}
