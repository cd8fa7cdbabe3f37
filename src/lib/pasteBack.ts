import type { CropRect } from './geometry';
import { distanceToSet } from './distance';
import { sampleBilinear } from './resample';

/** Margins in photo pixels around the painted strokes. */
export interface Feather {
  /** The blend is fully the model's result up to this far outside the painted hole... */
  grow: number;
  /** ...then fades to the original over this many more pixels. */
  feather: number;
  /** How much the hole given to the model is grown, so it covers the whole blend zone. */
  modelGrow: number;
}

/**
 * Margins scaled to one model pixel (`cell` photo px). The hole the model fills is grown past the
 * blend zone by one cell more than the blend reaches: the model's composite has a stair-stepped edge
 * at its cell grid (generated inside, downsampled original outside), and the blend must never show
 * it; bilinear upsampling reaches one cell, hence the extra cell.
 */
export function featherFor(cropSize: number, modelSize: number): Feather {
  const cell = cropSize / modelSize;
  const grow = 0.5 * cell + 0.5;
  const feather = 1.5 * cell + 1;
  return { grow, feather, modelGrow: grow + feather + cell + 0.5 };
}

/**
 * Blend weights (0..1) over the crop (size x size, row-major) from the hole mask at photo
 * resolution: 1 inside the hole grown by `grow`, a smooth fall to 0 over `feather` more pixels,
 * and exactly 0 beyond. Exactly 0 is what keeps the rest of the photo bit-identical.
 */
export function featheredAlpha(hole: Float32Array, size: number, { grow, feather }: Feather): Float32Array {
  const inside = new Uint8Array(size * size);
  for (let i = 0; i < inside.length; i++) inside[i] = hole[i] > 0.5 ? 1 : 0;
  const dist = distanceToSet(inside, size, size);
  const alpha = new Float32Array(size * size);
  for (let i = 0; i < alpha.length; i++) {
    const t = (dist[i] - grow) / feather; // <= 0: full, >= 1: none
    if (t <= 0) alpha[i] = 1;
    else if (t < 1) alpha[i] = 1 - t * t * (3 - 2 * t); // smoothstep: no visible ring at either end
  }
  return alpha;
}

/**
 * Pastes the restored crop (modelSize x modelSize RGBA) back into a copy of the original photo at
 * full resolution: within the crop, out = original * (1 - alpha) + upsampled restored * alpha.
 * Pixels where alpha is 0, and everything outside the crop, are copied unchanged (alpha too).
 */
export function pasteBack(
  original: Uint8ClampedArray,
  width: number,
  height: number,
  restored: Uint8ClampedArray,
  modelSize: number,
  crop: CropRect,
  alpha: Float32Array,
): Uint8ClampedArray {
  if (alpha.length !== crop.size * crop.size) throw new Error('pasteBack: alpha must cover the crop');
  if (crop.x < 0 || crop.y < 0 || crop.x + crop.size > width || crop.y + crop.size > height) {
    throw new Error('pasteBack: crop lies outside the photo');
  }
  const out = new Uint8ClampedArray(original);
  const scale = modelSize / crop.size; // model px per photo px
  const rgb = new Float64Array(3);
  for (let cy = 0; cy < crop.size; cy++) {
    for (let cx = 0; cx < crop.size; cx++) {
      const a = alpha[cy * crop.size + cx];
      if (a === 0) continue;
      sampleBilinear(restored, modelSize, (cx + 0.5) * scale, (cy + 0.5) * scale, rgb);
      const p = ((crop.y + cy) * width + crop.x + cx) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = original[p + c] * (1 - a) + rgb[c] * a;
    }
  }
  return out;
}
