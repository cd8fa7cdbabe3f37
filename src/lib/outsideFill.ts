// Painted strokes outside the face crop: the face model never sees them, so they get the classical
// fill (src/lib/classicFill.ts) at full resolution, from the pixels around them, after the face
// has been pasted back (a stroke crossing the box edge continues from the restored face).
import { fillSmooth } from './classicFill';
import type { CropRect, ImageRect } from './geometry';
import { rasterizeMask } from './rasterize';
import { isStroke, type MaskOp } from './strokes';

/** Context around the strokes the fill reads from (photo px). */
const CONTEXT = 24;

/** The rectangle (whole pixels, inside the photo) that the painted strokes reach, plus `margin`. */
export function paintBounds(ops: readonly MaskOp[], width: number, height: number, margin: number): ImageRect | null {
  if (!ops.every(isStroke)) return { x: 0, y: 0, width, height }; // grow/invert: the hole is not bounded by strokes
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of ops) {
    if (!isStroke(s) || s.mode !== 'paint') continue;
    const reach = s.radius + 2 + margin;
    for (const p of s.points) {
      x0 = Math.min(x0, p.x - reach);
      y0 = Math.min(y0, p.y - reach);
      x1 = Math.max(x1, p.x + reach);
      y1 = Math.max(y1, p.y + reach);
    }
  }
  const x = Math.max(0, Math.floor(x0)), y = Math.max(0, Math.floor(y0));
  const r = Math.min(width, Math.ceil(x1)), b = Math.min(height, Math.ceil(y1));
  return r > x && b > y ? { x, y, width: r - x, height: b - y } : null;
}

/** The painted pixels outside every crop (photo resolution), over `region`; and how many there are. */
export function holeOutsideCrops(ops: readonly MaskOp[], crops: readonly CropRect[], region: ImageRect): { hole: Float32Array; count: number } {
  return outsideCrops(rasterizeMask(ops, region, region.width, region.height), crops, region);
}

/** Clears, in `hole` (over `region`), every pixel inside a crop; counts what is left. */
function outsideCrops(hole: Float32Array, crops: readonly CropRect[], region: ImageRect): { hole: Float32Array; count: number } {
  let count = 0;
  for (let y = 0; y < region.height; y++)
    for (let x = 0; x < region.width; x++) {
      const i = y * region.width + x;
      if (!hole[i]) continue;
      const px = region.x + x, py = region.y + y;
      const inCrop = crops.some((c) => px >= c.x && py >= c.y && px < c.x + c.size && py < c.y + c.size);
      if (inCrop) hole[i] = 0;
      else count++;
    }
  return { hole, count };
}

/**
 * Fills, in place in `pixels` (the photo after the face paste-backs, RGBA width x height), every
 * painted pixel outside all `crops`. Returns how many pixels it filled.
 */
export function fillOutsideCrops(pixels: Uint8ClampedArray, width: number, height: number, crops: readonly CropRect[], ops: readonly MaskOp[]): number {
  const region = paintBounds(ops, width, height, CONTEXT);
  if (!region) return 0;
  const { hole, count } = holeOutsideCrops(ops, crops, region);
  return count ? fillHole(pixels, width, region, hole, count) : 0;
}

/** The same for paint given as a bitmap over the whole photo (1 = painted): the evaluation's holes. */
export function fillPaintedOutsideCrops(pixels: Uint8ClampedArray, width: number, height: number, crops: readonly CropRect[], painted: ArrayLike<number>): number {
  const region = { x: 0, y: 0, width, height };
  const { hole, count } = outsideCrops(Float32Array.from(painted), crops, region);
  return count ? fillHole(pixels, width, region, hole, count) : 0;
}

function fillHole(pixels: Uint8ClampedArray, width: number, region: ImageRect, hole: Float32Array, count: number): number {
  const patch = new Uint8ClampedArray(region.width * region.height * 4);
  for (let y = 0; y < region.height; y++) {
    const from = ((region.y + y) * width + region.x) * 4;
    patch.set(pixels.subarray(from, from + region.width * 4), y * region.width * 4);
  }
  if (!fillSmooth(patch, region.width, region.height, hole)) return 0;
  for (let y = 0; y < region.height; y++)
    for (let x = 0; x < region.width; x++) {
      const i = y * region.width + x;
      if (!hole[i]) continue;
      const p = ((region.y + y) * width + region.x + x) * 4;
      pixels[p] = patch[i * 4];
      pixels[p + 1] = patch[i * 4 + 1];
      pixels[p + 2] = patch[i * 4 + 2];
    }
  return count;
}
