/// <reference lib="webworker" />
// The photo's heavy pixel work, off the main thread: decoding (the browser's decoder, EXIF
// orientation applied, colours as stored), the RGBA read-back and the face detector's small copy;
// the model's inputs for each crop at Restore; and after a restore, the paste-back of every face at full resolution with the classical fill
// outside them. On a 24-megapixel photo these took over 3 s and 1 s of main-thread time.
import { imagePoint, type CropRect, type ImageRect } from '../lib/geometry';
import { cutRect } from '../lib/cutRect';
import { diffRect } from '../lib/diffRect';
import { pasteAll, runInput } from '../lib/runInput';
import type { Stroke } from '../lib/strokes';
import type { PhotoReply, PhotoRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

type Decode = Extract<PhotoRequest, { type: 'decode' }>;
type Answer = { reply: PhotoReply; transfer: Transferable[] };

async function decode(req: Decode): Promise<Answer> {
  const bitmap = await createImageBitmap(req.file, { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const { width, height } = bitmap;
  if (width * height > req.maxPixels || Math.max(width, height) > req.maxSide || Math.min(width, height) < req.minSide) {
    bitmap.close();
    return { reply: { type: 'size', id: req.id, width, height }, transfer: [] };
  }
  const full = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!full) throw new Error('no 2D canvas in the photo worker');
  full.drawImage(bitmap, 0, 0);
  const read = full.getImageData(0, 0, width, height).data;
  // Shared memory when the page is cross-origin isolated (it is, for WASM threads): sending the
  // photo back here for the paste-back then copies nothing (a 24 MP copy took over a second).
  let pixels: ArrayBuffer | SharedArrayBuffer = read.buffer as ArrayBuffer;
  if (self.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined') {
    pixels = new SharedArrayBuffer(read.length);
    new Uint8ClampedArray(pixels).set(read);
  }
  const d = Math.min(1, req.smallMax / Math.max(width, height));
  const sw = Math.max(1, Math.round(width * d));
  const sh = Math.max(1, Math.round(height * d));
  const small = new OffscreenCanvas(sw, sh).getContext('2d', { willReadFrequently: true });
  if (!small) throw new Error('no 2D canvas in the photo worker');
  small.imageSmoothingQuality = 'high';
  small.drawImage(bitmap, 0, 0, sw, sh);
  const rgba = small.getImageData(0, 0, sw, sh).data.buffer as ArrayBuffer;
  return {
    reply: { type: 'decoded', id: req.id, width, height, pixels, bitmap, small: { rgba, width: sw, height: sh } },
    transfer: pixels instanceof ArrayBuffer ? [pixels, bitmap, rgba] : [bitmap, rgba],
  };
}

/**
 * One paste-back of a made-up 2R photo with a context crop, so the paste's code is compiled and
 * optimised when the real one comes (cold, it took 0.48 s for the 512 px sample on a first visit;
 * warmed, 0.21-0.30 s). The engine asks for it once the face box has settled and the model is
 * known; otherwise it runs at the first Restore's inputs, while the model runs (where it took a
 * core from onnxruntime's two threads).
 */
function warmPaste(R: number) {
  if (warmed) return;
  warmed = true;
  const S = 2 * R;
  const pixels = new Uint8ClampedArray(S * S * 4);
  for (let i = 0; i < S * S; i++) pixels.set([100 + (i % 37), 90 + ((i >> 3) % 23), 80 + (i % 11), 255], i * 4);
  const photo = { width: S, height: S, pixels };
  const strokes: Stroke[] = [{ mode: 'paint', radius: S / 16, points: [imagePoint(S * 0.3, S * 0.5), imagePoint(S * 0.7, S * 0.5)] }];
  const face = { x: S / 4, y: S / 4, size: S / 2 };
  const wide = { x: 0, y: 0, size: S };
  const result = (crop: typeof face) => {
    const input = runInput(photo, crop, strokes, R);
    return { crop, restored: input.rgba, input };
  };
  pasteAll(photo, strokes, R, [result(face)], result(wide));
}
let warmed = false;

/**
 * A copy of the photo being restored, made while the model runs: the paste-back writes its result
 * into it. Allocating the result of a 12 MP photo took about 150 ms of the paste-back's 320;
 * copying into memory already there takes under 10 (the photo is the store's: it is never written).
 */
let spare: { key: number; pixels: Uint8ClampedArray } | null = null;
function prepareSpare(key: number, pixels: Uint8ClampedArray) {
  if (spare?.key === key) return;
  spare = null; // a copy of another photo is no use any more: let it go first
  spare = { key, pixels: new Uint8ClampedArray(pixels) };
}
function takeSpare(key: number): Uint8ClampedArray | undefined {
  const mine = spare?.key === key ? spare.pixels : undefined;
  spare = null;
  return mine;
}

/**
 * The comparison's "before" view (the photo's pixels in the face crop), cut while the model runs
 * like the spare: after the paste-back only the result's crop is left to cut. Both cuts of a 24 MP
 * photo's 2000 px crop on the main thread made one 100-150 ms task as the result appeared.
 */
let before: { key: number; rect: ImageRect; pixels: Uint8ClampedArray } | null = null;
const squareOf = ({ x, y, size }: CropRect): ImageRect => ({ x, y, width: size, height: size });
const sameRect = (a: ImageRect, b: ImageRect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
function prepareBefore(key: number, photo: Uint8ClampedArray, width: number, rect: ImageRect) {
  if (before?.key !== key || !sameRect(before.rect, rect)) before = { key, rect, pixels: cutRect(photo, width, rect) };
}
function takeBefore(key: number, photo: Uint8ClampedArray, width: number, rect: ImageRect): Uint8ClampedArray {
  const mine = before?.key === key && sameRect(before.rect, rect) ? before.pixels : cutRect(photo, width, rect);
  before = null;
  return mine;
}

async function handle(req: PhotoRequest): Promise<Answer> {
  if (req.type === 'decode') return decode(req);
  if (req.type === 'warm') {
    warmPaste(req.R);
    return { reply: { type: 'warmed', id: req.id }, transfer: [] };
  }
  if (req.type === 'inputs') {
    const photo = { width: req.width, height: req.height, pixels: req.pixels };
    const inputs = req.crops.map((c) => runInput(photo, c, req.strokes, req.R));
    setTimeout(() => {
      // after this answer has gone, while the model runs
      warmPaste(req.R);
      prepareSpare(req.photoKey, req.pixels);
      prepareBefore(req.photoKey, req.pixels, req.width, squareOf(req.crops[0])); // the face crop comes first (restore.ts)
    });
    return { reply: { type: 'inputs', id: req.id, inputs }, transfer: inputs.flatMap((i) => [i.rgba.buffer, i.mask.buffer, i.masked.buffer, i.painted.buffer] as ArrayBuffer[]) };
  }
  const { pixels, outsideFilled } = pasteAll({ width: req.width, height: req.height, pixels: req.pixels }, req.strokes, req.R, req.faces, req.context, takeSpare(req.photoKey));
  const buffer = pixels.buffer as ArrayBuffer;
  // the comparison's face views (see prepareBefore)
  const rect = squareOf(req.faces[0].crop);
  const beforeView = takeBefore(req.photoKey, req.pixels, req.width, rect).buffer as ArrayBuffer;
  const after = cutRect(pixels, req.width, rect).buffer as ArrayBuffer;
  // what the session keeps (src/engine/session.ts): on the main thread, this scan of a 24 MP photo
  // was a 125-280 ms task just after the result appeared
  const changedRect = diffRect(pixels, req.pixels, req.width, req.height);
  const changed = changedRect && { rect: changedRect, pixels: cutRect(pixels, req.width, changedRect).buffer as ArrayBuffer };
  return {
    reply: { type: 'pasted', id: req.id, pixels: buffer, outsideFilled, before: beforeView, after, changed },
    transfer: [buffer, beforeView, after, ...(changed ? [changed.pixels] : [])],
  };
}

self.onmessage = (event: MessageEvent<PhotoRequest>) => {
  const req = event.data;
  handle(req)
    .then(({ reply, transfer }) => self.postMessage(reply, transfer))
    .catch((err) => self.postMessage({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) } satisfies PhotoReply));
};
