/// <reference lib="webworker" />
// Decodes a photo off the main thread: the browser's decoder (EXIF orientation applied, colours as
// stored), the RGBA read-back, and the small copy the face detector looks at. On a 24-megapixel
// JPEG these took about 3.5 s of main-thread time. The bitmap and the buffers are transferred.
import type { DecodeReply, DecodeRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

async function decode(req: DecodeRequest): Promise<{ reply: DecodeReply; transfer: Transferable[] }> {
  const bitmap = await createImageBitmap(req.file, { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const { width, height } = bitmap;
  if (width * height > req.maxPixels || Math.max(width, height) > req.maxSide || Math.min(width, height) < req.minSide) {
    bitmap.close();
    return { reply: { type: 'size', id: req.id, width, height }, transfer: [] };
  }
  const full = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!full) throw new Error('no 2D canvas in the decoder');
  full.drawImage(bitmap, 0, 0);
  const pixels = full.getImageData(0, 0, width, height).data.buffer as ArrayBuffer;
  const d = Math.min(1, req.smallMax / Math.max(width, height));
  const sw = Math.max(1, Math.round(width * d));
  const sh = Math.max(1, Math.round(height * d));
  const small = new OffscreenCanvas(sw, sh).getContext('2d', { willReadFrequently: true });
  if (!small) throw new Error('no 2D canvas in the decoder');
  small.imageSmoothingQuality = 'high';
  small.drawImage(bitmap, 0, 0, sw, sh);
  const rgba = small.getImageData(0, 0, sw, sh).data.buffer as ArrayBuffer;
  return {
    reply: { type: 'decoded', id: req.id, width, height, pixels, bitmap, small: { rgba, width: sw, height: sh } },
    transfer: [pixels, bitmap, rgba],
  };
}

self.onmessage = (event: MessageEvent<DecodeRequest>) => {
  const req = event.data;
  decode(req)
    .then(({ reply, transfer }) => self.postMessage(reply, transfer))
    .catch((err) => self.postMessage({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) } satisfies DecodeReply));
};
