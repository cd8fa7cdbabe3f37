import type { CropRect, ImageRect } from './geometry';
import { isStroke, type MaskOp } from './strokes';
import { distanceToSet } from './distance';
import type { DetailSampler } from './detail';
import { sampleBicubic } from './resample';
import { fillMembrane } from './classicFill';

/** Margins in photo pixels around the painted strokes. */
export interface Feather {
  /** The blend is fully the model's result up to this far outside the painted hole... */
  grow: number;
  /** ...then fades to the original over this many more pixels (0: a hard edge). */
  feather: number;
  /** Known pixels the paste-back reads around the hole (the seam membrane's ring); it changes none of them. */
  ring: number;
}

/**
 * The paste-back replaces exactly the painted pixels and nothing else: its edge follows the brush
 * at photo resolution, not the model's cell grid, and the upsampled fill next to it interpolates
 * towards the clean cells just outside the model's hole (src/lib/modelHole.ts), so no grid shows.
 * No feather: a feather outside would cover known pixels with the blurrier fill, one inside would
 * blend in the damage the person painted over.
 */
export function featherFor(cropSize: number, modelSize: number): Feather {
  return { grow: 0, feather: 0, ring: seamRing(cropSize, modelSize) };
}

/**
 * How far around the hole the seam membrane reads the photo: two model cells (the bicubic
 * upsampling's reach, where the fill and the photo meet) and a pixel.
 */
export function seamRing(cropSize: number, modelSize: number): number {
  return Math.ceil((2 * cropSize) / modelSize) + 1;
}

/**
 * The part of the crop (photo px, whole pixels) the blend can touch or read: the painted strokes'
 * bounds grown by the blend's reach and the seam membrane's ring. Working on this rectangle
 * instead of the whole crop keeps the paste-back cheap on large photos, where a face crop can be
 * thousands of pixels wide.
 * Null when nothing painted reaches the crop.
 */
export function blendRegion(ops: readonly MaskOp[], crop: CropRect, { grow, feather, ring }: Feather): ImageRect | null {
  // After a grow or invert the hole is no longer bounded by the strokes: take the whole crop.
  if (!ops.every(isStroke)) return { x: crop.x, y: crop.y, width: crop.size, height: crop.size };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of ops) {
    if (!isStroke(s) || s.mode !== 'paint') continue; // erasing only ever shrinks the hole
    const reach = s.radius + grow + feather + ring + 2; // + 2: the rasteriser's half-pixel growth, rounding
    for (const p of s.points) {
      x0 = Math.min(x0, p.x - reach);
      y0 = Math.min(y0, p.y - reach);
      x1 = Math.max(x1, p.x + reach);
      y1 = Math.max(y1, p.y + reach);
    }
  }
  const x = Math.max(crop.x, Math.floor(x0));
  const y = Math.max(crop.y, Math.floor(y0));
  const right = Math.min(crop.x + crop.size, Math.ceil(x1));
  const bottom = Math.min(crop.y + crop.size, Math.ceil(y1));
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/**
 * Blend weights (0..1) over a width x height rectangle from the hole mask at photo resolution:
 * 1 inside the hole grown by `grow`, a smooth fall to 0 over `feather` more pixels, and exactly 0
 * beyond. Exactly 0 is what keeps the rest of the photo bit-identical.
 */
export function featheredAlpha(hole: Float32Array, width: number, height: number, { grow, feather }: Feather): Float32Array {
  if (feather <= 0 && grow < 1) {
    // a hard edge at the painted pixels: no distance transform needed
    const alpha = new Float32Array(width * height);
    for (let i = 0; i < alpha.length; i++) alpha[i] = hole[i] > 0.5 ? 1 : 0;
    return alpha;
  }
  const inside = new Uint8Array(width * height);
  for (let i = 0; i < inside.length; i++) inside[i] = hole[i] > 0.5 ? 1 : 0;
  const dist = distanceToSet(inside, width, height);
  const alpha = new Float32Array(width * height);
  for (let i = 0; i < alpha.length; i++) {
    if (feather <= 0) {
      alpha[i] = dist[i] <= grow ? 1 : 0;
      continue;
    }
    const t = (dist[i] - grow) / feather; // <= 0: full, >= 1: none
    if (t <= 0) alpha[i] = 1;
    else if (t < 1) alpha[i] = 1 - t * t * (3 - 2 * t); // smoothstep: no visible ring at either end
  }
  return alpha;
}

/**
 * Pastes the restored crop (modelSize x modelSize RGBA) back into a copy of the original photo at
 * full resolution: within `region` (photo px, inside the crop; alpha covers it row by row),
 * out = original * (1 - alpha) + (upsampled restored + detail + seam) * alpha, detail being the
 * photo's own fine texture borrowed by src/lib/detail.ts (none when absent) and seam what the
 * upsampled fill misses at the hole's edge (seamMembrane). Pixels where alpha is 0, and everything
 * outside the region, are copied unchanged (alpha channel too).
 */
export function pasteBack(
  original: Uint8ClampedArray,
  width: number,
  height: number,
  restored: Uint8ClampedArray,
  modelSize: number,
  crop: CropRect,
  alpha: Float32Array,
  region: ImageRect = { x: crop.x, y: crop.y, width: crop.size, height: crop.size },
  detail: DetailSampler | null = null,
  // the painted pixels over the region (non-zero: painted), where the seam membrane has no value of
  // its own; by default where alpha > 0. They differ where the face fades into a wider pass at its
  // crop's edge: that pass's fill is not the photo and must not pull on the face's. null: no membrane.
  painted: ArrayLike<number> | null = alpha,
  // where to write: a copy of `original` made beforehand (the photo worker makes one while the model
  // runs: allocating a 12 MP result took half the paste-back's time). Written over the region only.
  into?: Uint8ClampedArray,
): Uint8ClampedArray {
  if (alpha.length !== region.width * region.height) throw new Error('pasteBack: alpha must cover the region');
  if (crop.x < 0 || crop.y < 0 || crop.x + crop.size > width || crop.y + crop.size > height) {
    throw new Error('pasteBack: crop lies outside the photo');
  }
  if (region.x < crop.x || region.y < crop.y || region.x + region.width > crop.x + crop.size || region.y + region.height > crop.y + crop.size) {
    throw new Error('pasteBack: the blend region must lie inside the crop');
  }
  if (into && into.length !== original.length) throw new Error('pasteBack: the result buffer does not match the photo');
  const out = into ?? new Uint8ClampedArray(original);
  const scale = modelSize / crop.size; // model px per photo px
  const rgb = new Float64Array(3);
  const seam = painted ? seamMembrane(original, width, restored, modelSize, crop, painted, region) : null;
  for (let ry = 0; ry < region.height; ry++) {
    for (let rx = 0; rx < region.width; rx++) {
      const a = alpha[ry * region.width + rx];
      if (a === 0) continue;
      const px = region.x + rx;
      const py = region.y + ry;
      sampleBicubic(restored, modelSize, (px - crop.x + 0.5) * scale, (py - crop.y + 0.5) * scale, rgb);
      detail?.(px, py, rgb);
      if (seam) for (let c = 0; c < 3; c++) rgb[c] += seam[(ry * region.width + rx) * 3 + c];
      const p = (py * width + px) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = original[p + c] * (1 - a) + rgb[c] * a;
    }
  }
  return out;
}

/**
 * What the upsampled fill misses at the hole's edge, carried into the hole (gradient-domain
 * blending): on the known pixels of the region, the photo minus the upsampled result, then a
 * smooth membrane of that difference across the hole (src/lib/classicFill.ts).
 *
 * The model works at R, so at the photo's size its fill cannot meet the edge exactly: the
 * upsampled known cells are a blurred copy of the photo there, and a thin stroke, a fraction of a
 * cell wide, came back as a soft smudge of the cell's mean. The membrane carries the photo's own
 * values across a thin stroke (what Navier-Stokes does well) and fades to the average mismatch
 * deep inside a large hole, where the model's fill stands. Measured with `npm run eval --
 * --full-res` (20 faces at 512 px, 40-60% holes): 22.92 to 23.48 dB, SSIM 0.8616 to 0.8707.
 */
function seamMembrane(
  original: Uint8ClampedArray, width: number, restored: Uint8ClampedArray, modelSize: number, crop: CropRect, painted: ArrayLike<number>, region: ImageRect,
): Float32Array | null {
  const scale = modelSize / crop.size;
  // Only a ring around the hole says anything about the seam. Farther out the difference is the
  // photo's own texture, and leaving it out saves the upsampling there.
  const unknown = outsideRing(painted, region.width, region.height, seamRing(crop.size, modelSize));
  const values = new Float32Array(region.width * region.height * 3);
  const rgb = new Float64Array(3);
  for (let ry = 0; ry < region.height; ry++)
    for (let rx = 0; rx < region.width; rx++) {
      const i = ry * region.width + rx;
      if (unknown[i]) continue;
      const px = region.x + rx, py = region.y + ry;
      sampleBicubic(restored, modelSize, (px - crop.x + 0.5) * scale, (py - crop.y + 0.5) * scale, rgb);
      const p = (py * width + px) * 4;
      for (let c = 0; c < 3; c++) values[i * 3 + c] = original[p + c] - rgb[c];
    }
  return fillMembrane(values, region.width, region.height, unknown) ? values : null;
}

/**
 * 1 where the membrane has no value to start from: the painted pixels and everything farther
 * than `reach` pixels (Chebyshev distance) from it; 0 on the ring of known pixels around the hole.
 * Two separable passes of running counts, linear in the area.
 */
function outsideRing(painted: ArrayLike<number>, width: number, height: number, reach: number): Uint8Array {
  const rows = new Uint8Array(width * height); // within reach of a hole pixel along the row
  for (let y = 0; y < height; y++) {
    let last = -Infinity; // the last hole column seen, left to right
    for (let x = 0; x < width; x++) {
      if (painted[y * width + x] > 0) last = x;
      if (x - last <= reach) rows[y * width + x] = 1;
    }
    last = Infinity;
    for (let x = width - 1; x >= 0; x--) {
      if (painted[y * width + x] > 0) last = x;
      if (last - x <= reach) rows[y * width + x] = 1;
    }
  }
  const unknown = new Uint8Array(width * height).fill(1);
  for (let x = 0; x < width; x++) {
    let last = -Infinity;
    for (let y = 0; y < height; y++) {
      if (rows[y * width + x]) last = y;
      if (y - last <= reach) unknown[y * width + x] = 0;
    }
    last = Infinity;
    for (let y = height - 1; y >= 0; y--) {
      if (rows[y * width + x]) last = y;
      if (last - y <= reach) unknown[y * width + x] = 0;
    }
  }
  for (let i = 0; i < unknown.length; i++) if (painted[i] > 0) unknown[i] = 1;
  return unknown;
}
