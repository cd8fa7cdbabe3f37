import type { CropRect, ImageRect } from './geometry';
import { isStroke, type MaskOp } from './strokes';
import { distanceToSet } from './distance';
import type { DetailSampler } from './detail';
import { sampleBicubic } from './resample';

/** Margins in photo pixels around the painted strokes. */
export interface Feather {
  /** The blend is fully the model's result up to this far outside the painted hole... */
  grow: number;
  /** ...then fades to the original over this many more pixels (0: a hard edge). */
  feather: number;
}

/**
 * The paste-back replaces exactly the painted pixels and nothing else: its edge follows the brush
 * at photo resolution, not the model's cell grid, and the upsampled fill next to it interpolates
 * towards the clean cells just outside the model's hole (src/lib/modelHole.ts), so no grid shows.
 * No feather: a feather outside would cover known pixels with the blurrier fill, one inside would
 * blend in the damage the person painted over.
 */
export function featherFor(_cropSize: number, _modelSize: number): Feather {
  return { grow: 0, feather: 0 };
}

/**
 * The part of the crop (photo px, whole pixels) the blend can touch: the painted strokes' bounds
 * grown by the blend's reach. Working on this rectangle instead of the whole crop keeps the
 * paste-back cheap on large photos, where a face crop can be thousands of pixels wide.
 * Null when nothing painted reaches the crop.
 */
export function blendRegion(ops: readonly MaskOp[], crop: CropRect, { grow, feather }: Feather): ImageRect | null {
  // After a grow or invert the hole is no longer bounded by the strokes: take the whole crop.
  if (!ops.every(isStroke)) return { x: crop.x, y: crop.y, width: crop.size, height: crop.size };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of ops) {
    if (!isStroke(s) || s.mode !== 'paint') continue; // erasing only ever shrinks the hole
    const reach = s.radius + grow + feather + 2; // + 2: the rasteriser's half-pixel growth, rounding
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
 * out = original * (1 - alpha) + (upsampled restored + detail) * alpha, detail being the photo's
 * own fine texture borrowed by src/lib/detail.ts (none when absent). Pixels where alpha is 0, and
 * everything outside the region, are copied unchanged (alpha channel too).
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
): Uint8ClampedArray {
  if (alpha.length !== region.width * region.height) throw new Error('pasteBack: alpha must cover the region');
  if (crop.x < 0 || crop.y < 0 || crop.x + crop.size > width || crop.y + crop.size > height) {
    throw new Error('pasteBack: crop lies outside the photo');
  }
  if (region.x < crop.x || region.y < crop.y || region.x + region.width > crop.x + crop.size || region.y + region.height > crop.y + crop.size) {
    throw new Error('pasteBack: the blend region must lie inside the crop');
  }
  const out = new Uint8ClampedArray(original);
  const scale = modelSize / crop.size; // model px per photo px
  const rgb = new Float64Array(3);
  for (let ry = 0; ry < region.height; ry++) {
    for (let rx = 0; rx < region.width; rx++) {
      const a = alpha[ry * region.width + rx];
      if (a === 0) continue;
      const px = region.x + rx;
      const py = region.y + ry;
      sampleBicubic(restored, modelSize, (px - crop.x + 0.5) * scale, (py - crop.y + 0.5) * scale, rgb);
      detail?.(px, py, rgb);
      const p = (py * width + px) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = original[p + c] * (1 - a) + rgb[c] * a;
    }
  }
  return out;
}
