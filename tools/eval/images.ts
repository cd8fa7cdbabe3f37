// Faces and masks read with the shared protocol: centre square crop and area resize for faces
// (src/lib/resample.ts, the app's own resampler, which matches OpenCV's INTER_AREA), nearest
// resize and threshold 127 for masks (src/lib/evalProtocol.ts). Decoding is sharp's (libvips).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { BUCKET_START, centreSquare, EYES_FACES, eyeHole, maskIndex, maskToModel, PAINTED_FACES, paintedHole } from '../../src/lib/evalProtocol';
import { cropResizeArea } from '../../src/lib/resample';

const FACE_SUFFIX = /\.(jpe?g|png|webp)$/i;

/** Image files of a folder sorted by name (byte order, as Python's sorted()). */
export function listFaces(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => FACE_SUFFIX.test(f))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((f) => join(dir, f));
}

/** A face at the model's resolution: RGBA bytes R x R. */
export async function loadFace(path: string, R: number): Promise<Uint8ClampedArray> {
  const { data, info } = await sharp(path).removeAlpha().toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const rgba = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  return cropResizeArea(rgba, info.width, info.height, centreSquare(info.width, info.height), R);
}

/** NVIDIA mask `id` at R x R (1 = hole). */
export async function loadMask(dir: string, id: number, R: number): Promise<Float32Array> {
  const file = join(dir, `${String(id).padStart(5, '0')}.png`);
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return maskToModel(new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), info.width, info.height, R);
}

/** The side of a face's centre square at its own resolution. */
export async function nativeSize(path: string): Promise<number> {
  const { width, height } = await sharp(path).metadata();
  if (!width || !height) throw new Error(`cannot read the size of ${path}`);
  return centreSquare(width, height).size;
}

/** The `painted` or `edge` bucket's holes (src/lib/evalProtocol.ts paintedHole): face i's at size x size. */
async function paintedSheet(bucket: 'painted' | 'edge'): Promise<(i: number, size: number) => Float32Array> {
  const sheet = new URL(`./${bucket}-holes.png`, import.meta.url);
  const { data, info } = await sharp(sheet.pathname).greyscale().raw().toBuffer({ resolveWithObject: true });
  const bytes = new Uint8Array(data.buffer, data.byteOffset, info.width * info.height);
  return (i, size) => paintedHole(bytes, info.width, i, size);
}

/**
 * One bucket's faces and holes, for the evaluation at R and at full resolution alike: an NVIDIA
 * bucket pairs each of `faces` with its mask (from `masks`); `eyes`, `painted` and `edge` take the first
 * EYES_FACES / PAINTED_FACES faces with their drawn holes. `hole(i, size)` is face i's hole at size x size.
 */
export async function bucketHoles(bucket: string, faces: string[], masks: string): Promise<{ faces: string[]; hole: (i: number, size: number) => Promise<Float32Array> }> {
  if (bucket === 'eyes') return { faces: faces.slice(0, EYES_FACES), hole: async (i, size) => eyeHole(i, size) };
  if (bucket === 'painted' || bucket === 'edge') {
    const at = await paintedSheet(bucket);
    return { faces: faces.slice(0, PAINTED_FACES), hole: async (i, size) => at(i, size) };
  }
  if (!(bucket in BUCKET_START)) throw new Error(`unknown bucket ${bucket} (known: ${Object.keys(BUCKET_START).join(', ')}, eyes, painted, edge)`);
  return { faces, hole: (i, size) => loadMask(masks, maskIndex(i, faces.length, BUCKET_START[bucket]), size) };
}
