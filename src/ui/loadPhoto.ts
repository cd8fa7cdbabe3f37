// Turns a File (picked, dropped, pasted or the sample) into a Photo: decoded with the EXIF
// orientation applied, at full resolution. Errors are phrased for the person, not the console.
import { extractIcc, iccpChunkBody } from '../lib/icc';
import type { Photo } from '../store/imageSlice';
import { photoFormat } from './photoFormat';

/** Canvas limits in Chromium are near 268 MP; 64 MP keeps memory sane (about 256 MB of RGBA). */
const MAX_PIXELS = 64_000_000;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

export class PhotoError extends Error {}

export async function loadPhoto(file: File): Promise<Photo> {
  const label = file.name ? `“${file.name}”` : 'The pasted item';
  if (file.type && !file.type.startsWith('image/')) {
    throw new PhotoError(`${label} is not an image. Choose a JPEG, PNG or WebP photo.`);
  }
  let bitmap: ImageBitmap;
  try {
    // 'from-image' applies the EXIF orientation; colour values are kept as stored in the file,
    // so pixels outside the restored region come out exactly as they went in.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    const hint = ACCEPTED.includes(file.type) ? 'It may be damaged or incomplete.' : 'Choose a JPEG, PNG or WebP photo.';
    throw new PhotoError(`${label} could not be read as an image. ${hint}`);
  }
  const { width, height } = bitmap;
  if (width * height > MAX_PIXELS) {
    bitmap.close();
    throw new PhotoError(`${label} is ${width}×${height} pixels; photos up to 64 megapixels are supported. Scale it down and try again.`);
  }
  if (width < 32 || height < 32) {
    bitmap.close();
    throw new PhotoError(`${label} is only ${width}×${height} pixels; use a photo at least 32 pixels on each side.`);
  }
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new PhotoError('This browser could not give a canvas to read the photo.');
  ctx.drawImage(bitmap, 0, 0);
  const pixels = ctx.getImageData(0, 0, width, height).data;
  const baseName = (file.name || 'photo').replace(/\.[^.]+$/, '') || 'photo';
  return { baseName, width, height, pixels, source: bitmap, icc: await iccChunk(file), ...(await photoFormat(file)) };
}

/** The file's ICC profile as an iCCP chunk body (zlib-compressed, as PNG wants it). */
async function iccChunk(file: File): Promise<Uint8Array | null> {
  try {
    const icc = extractIcc(new Uint8Array(await file.arrayBuffer()));
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
export async function openPhoto(file: File | Promise<Photo>, setPhoto: (p: Photo) => void, setNotice: (n: string | null) => void) {
  try {
    const photo = file instanceof File ? await loadPhoto(file) : await file;
    setNotice(null);
    setPhoto(photo);
  } catch (err) {
    setNotice(err instanceof Error ? err.message : String(err));
  }
}
