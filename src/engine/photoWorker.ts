// Main-thread side of the photo worker (worker/photo.worker.ts).
import type { MaskOp } from '../lib/strokes';
import type { CropRect } from '../lib/geometry';
import type { FaceResult, Pasted, PhotoPixels, RunInput } from '../lib/runInput';
import type { RestoredPhoto } from '../store/inferenceSlice';
import type { PhotoReply, PhotoRequest } from '../worker/protocol';
import { workerChannel } from './workerChannel';

const ask = workerChannel<PhotoRequest, PhotoReply>(
  () => new Worker(new URL('../worker/photo.worker.ts', import.meta.url), { type: 'module', name: 'photo' }),
  (id, message) => ({ type: 'error', id, message: message || 'the photo worker stopped' }),
);

/**
 * A number per photo for the worker: it keeps a ready copy of the photo between a restore's
 * 'inputs' and its 'paste', and must know the paste is for that photo (a shared buffer arrives as
 * a new object with every message, so the worker cannot tell photos apart by identity).
 */
const photoKeys = new WeakMap<Uint8ClampedArray, number>();
let nextKey = 1;
function photoKey(photo: PhotoPixels): number {
  let key = photoKeys.get(photo.pixels);
  if (key === undefined) photoKeys.set(photo.pixels, (key = nextKey++));
  return key;
}

export function decodeInWorker(file: Blob, limits: { maxPixels: number; maxSide: number; minSide: number; smallMax: number }): Promise<PhotoReply> {
  return ask({ type: 'decode', file, ...limits });
}

/**
 * Every face (over the wider context pass, if any) pasted into a copy of the photo, and the paint
 * outside them filled, in the worker.
 * Everything sent is copied (the R x R buffers are small; the photo stays the store's).
 */
export async function pasteInWorker(
  photo: PhotoPixels, strokes: readonly MaskOp[], R: number, faces: FaceResult[], context?: FaceResult,
): Promise<Pasted & Pick<RestoredPhoto, 'cropViews' | 'changed'>> {
  const reply = await ask({ type: 'paste', photoKey: photoKey(photo), width: photo.width, height: photo.height, pixels: photo.pixels, strokes: [...strokes], R, faces, context });
  if (reply.type === 'error') throw new Error(`The restored face could not be put back into the photo (${reply.message}).`);
  if (reply.type !== 'pasted') throw new Error('The photo worker gave an unexpected answer.');
  return {
    pixels: new Uint8ClampedArray(reply.pixels),
    outsideFilled: reply.outsideFilled,
    cropViews: { before: new Uint8ClampedArray(reply.before), after: new Uint8ClampedArray(reply.after) },
    changed: reply.changed && { rect: reply.changed.rect, pixels: new Uint8ClampedArray(reply.changed.pixels) },
  };
}

/** Warms the paste-back's code in the worker (once), before the first Restore needs it. */
export function warmPasteInWorker(R: number): void {
  void ask({ type: 'warm', R }).catch(() => {}); // only a head start: the first paste works without it
}

/** The model's inputs for each crop (src/lib/runInput.ts), made in the worker: a big crop's pixels take long to read. */
export async function inputsInWorker(photo: PhotoPixels, strokes: readonly MaskOp[], R: number, crops: CropRect[]): Promise<RunInput[]> {
  const reply = await ask({ type: 'inputs', photoKey: photoKey(photo), width: photo.width, height: photo.height, pixels: photo.pixels, strokes: [...strokes], R, crops });
  if (reply.type === 'error') throw new Error(`The crop could not be prepared for the model (${reply.message}).`);
  if (reply.type !== 'inputs') throw new Error('The photo worker gave an unexpected answer.');
  return reply.inputs;
}
