// Turns a File (picked, dropped, pasted or the sample) into a Photo: decoded with the EXIF
// orientation applied, at full resolution. Errors are phrased for the person, not the console.
import { decodeInWorker } from '../engine/photoWorker';
import { DETECT_MAX } from '../engine/face';
import { extractIcc, iccpChunkBody } from '../lib/icc';
import { readImageHeader } from '../lib/imageHeader';
import type { Photo } from '../store/imageSlice';
import { photoFormat } from './photoFormat';

/** Canvas limits in Chromium are near 268 MP; 64 MP keeps memory sane (about 256 MB of RGBA). */
export const MAX_PIXELS = 64_000_000;
/** Chromium's canvases stop at 32767 px a side. */
export const MAX_SIDE = 32_000;
/** Below this the crop cannot hold a face the model (128 px) can make sense of. */
export const MIN_SIDE = 32;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/bmp', 'image/avif'];
/** What the app opens, in the person's words. */
export const FORMATS = 'JPEG, PNG, WebP, GIF, BMP or AVIF';

export class PhotoError extends Error {}

export async function loadPhoto(file: File): Promise<Photo> {
  const label = file.name ? `“${file.name}”` : 'The pasted item';
  if (file.type && !file.type.startsWith('image/')) {
    throw new PhotoError(`${label} is not an image. Choose a ${FORMATS} photo.`);
  }
  if (file.size === 0) throw new PhotoError(`${label} is empty (0 bytes). Choose a ${FORMATS} photo.`);
  // The header first: a wrong, truncated or oversized file is refused before decoding it.
  // read once: a 24 MP photo's file is several MB, and each copy is main-thread garbage
  const bytes = new Uint8Array(await file.arrayBuffer());
  const header = readImageHeader(bytes);
  if (header.kind === 'heic') {
    throw new PhotoError(
      `${label} is a HEIC/HEIF photo (as iPhones save them), which this browser cannot decode. ` +
        'Export it as JPEG first (on an iPhone: Settings › Camera › Formats › Most Compatible, or share it as JPEG), then open that.',
    );
  }
  if (header.kind === 'unknown') {
    throw new PhotoError(`${label} is not an image: its contents are not ${FORMATS}, whatever its name says.`);
  }
  if (!header.complete) {
    throw new PhotoError(`${label} is truncated: the file ends before the image does. Copy or download it again.`);
  }
  if (header.width !== undefined && header.height !== undefined) checkSize(label, header.width, header.height);
  // Decoded in a worker ('from-image' applies the EXIF orientation; colour values are kept as
  // stored in the file, so pixels outside the restored region come out exactly as they went in).
  const decoded = await decodeInWorker(file, { maxPixels: MAX_PIXELS, maxSide: MAX_SIDE, minSide: MIN_SIDE, smallMax: DETECT_MAX });
  if (decoded.type === 'error') {
    const hint = ACCEPTED.includes(file.type) ? 'It may be damaged or incomplete.' : `Choose a ${FORMATS} photo.`;
    throw new PhotoError(`${label} could not be read as an image. ${hint}`);
  }
  if (decoded.type === 'size') checkSize(label, decoded.width, decoded.height);
  if (decoded.type !== 'decoded') throw new PhotoError(`${label} could not be read as an image.`);
  const { width, height, bitmap } = decoded;
  const pixels = new Uint8ClampedArray(decoded.pixels);
  const small = { rgba: new Uint8ClampedArray(decoded.small.rgba), width: decoded.small.width, height: decoded.small.height };
  const baseName = (file.name || 'photo').replace(/\.[^.]+$/, '') || 'photo';
  return { baseName, width, height, pixels, source: bitmap, small, icc: await iccChunk(bytes), ...photoFormat(bytes), file };
}

function checkSize(label: string, width: number, height: number) {
  if (width * height > MAX_PIXELS || Math.max(width, height) > MAX_SIDE) {
    throw new PhotoError(
      `${label} is ${width}×${height} pixels (${Math.round((width * height) / 1e6)} MP); photos up to 64 megapixels and ${MAX_SIDE} pixels a side are supported. Scale it down and try again.`,
    );
  }
  if (width < MIN_SIDE || height < MIN_SIDE) {
    throw new PhotoError(`${label} is only ${width}×${height} pixels; use a photo at least ${MIN_SIDE} pixels on each side.`);
  }
}

/** The file's ICC profile as an iCCP chunk body (zlib-compressed, as PNG wants it). */
async function iccChunk(bytes: Uint8Array): Promise<Uint8Array | null> {
  try {
    const icc = extractIcc(bytes);
    if (!icc) return null;
    if (icc.kind === 'png-iccp') return icc.chunk;
    // CompressionStream's 'deflate' is the zlib format that PNG's iCCP chunk needs.
    const zipped = new Blob([icc.profile as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
    return iccpChunkBody(new Uint8Array(await new Response(zipped).arrayBuffer()));
  } catch {
    return null; // a profile we cannot read is not worth failing the photo for
  }
}

export async function loadSample(): Promise<Photo> {
  const res = await fetch('/sample/astronaut.png');
  if (!res.ok) throw new PhotoError('The sample photo could not be loaded.');
  const blob = await res.blob();
  return loadPhoto(new File([blob], 'astronaut.png', { type: 'image/png' }));
}

/** Loads a file into the store; on failure shows why and keeps the current photo and mask. */
export async function openPhoto(file: File | Promise<Photo>, setPhoto: (p: Photo) => void, setNotice: (n: string | null) => void): Promise<boolean> {
  try {
    const photo = file instanceof File ? await loadPhoto(file) : await file;
    setNotice(null);
    setPhoto(photo);
    return true;
  } catch (err) {
    setNotice(err instanceof Error ? err.message : String(err));
    return false;
  }
}
