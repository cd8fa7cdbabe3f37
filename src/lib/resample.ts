import type { CropRect } from './geometry';

/**
 * Area (box-filter) resampling of a square crop of an RGBA image to outSize x outSize.
 * Each output pixel is the exact area-weighted mean of the source pixels it covers, as in
 * OpenCV's INTER_AREA when shrinking, which is how the training data was resized.
 * The crop must lie inside the image (see clampCrop).
 */
export function cropResizeArea(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  crop: CropRect,
  outSize: number,
): Uint8ClampedArray {
  if (crop.x < 0 || crop.y < 0 || crop.x + crop.size > width || crop.y + crop.size > height) {
    throw new Error('cropResizeArea: crop lies outside the image');
  }
  const scale = crop.size / outSize; // source pixels per output pixel
  const xs = areaWeights(crop.x, scale, outSize);
  const ys = areaWeights(crop.y, scale, outSize);
  const out = new Uint8ClampedArray(outSize * outSize * 4);
  const acc = new Float64Array(4);
  for (let oy = 0; oy < outSize; oy++) {
    const wy = ys[oy];
    for (let ox = 0; ox < outSize; ox++) {
      const wx = xs[ox];
      acc.fill(0);
      let total = 0;
      for (let j = 0; j < wy.index.length; j++) {
        const row = wy.index[j] * width;
        for (let i = 0; i < wx.index.length; i++) {
          const w = wy.weight[j] * wx.weight[i];
          const p = (row + wx.index[i]) * 4;
          acc[0] += rgba[p] * w;
          acc[1] += rgba[p + 1] * w;
          acc[2] += rgba[p + 2] * w;
          acc[3] += rgba[p + 3] * w;
          total += w;
        }
      }
      const o = (oy * outSize + ox) * 4;
      for (let c = 0; c < 4; c++) out[o + c] = acc[c] / total;
    }
  }
  return out;
}

export interface AxisWeights {
  index: number[];
  weight: number[];
}

/** For each output pixel along one axis: the source pixels it overlaps and by how much. */
export function areaWeights(start: number, scale: number, outSize: number): AxisWeights[] {
  const axes: AxisWeights[] = [];
  for (let o = 0; o < outSize; o++) {
    const lo = start + o * scale;
    const hi = lo + scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let s = Math.floor(lo); s < Math.ceil(hi); s++) {
      const w = Math.min(hi, s + 1) - Math.max(lo, s);
      if (w > 1e-9) {
        index.push(s);
        weight.push(w);
      }
    }
    axes.push({ index, weight });
  }
  return axes;
}

/**
 * Bilinear sample of an RGBA image (size x size) at a continuous position in its pixel grid,
 * with pixel centres at +0.5 and edge clamping. Writes RGB into out[0..2].
 */
export function sampleBilinear(rgba: Uint8ClampedArray, size: number, x: number, y: number, out: Float64Array): void {
  const fx = Math.min(size - 1, Math.max(0, x - 0.5));
  const fy = Math.min(size - 1, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(size - 1, x0 + 1);
  const y1 = Math.min(size - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  for (let c = 0; c < 3; c++) {
    const a = rgba[(y0 * size + x0) * 4 + c];
    const b = rgba[(y0 * size + x1) * 4 + c];
    const d = rgba[(y1 * size + x0) * 4 + c];
    const e = rgba[(y1 * size + x1) * 4 + c];
    out[c] = (a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty;
  }
}

/** Keys' cubic convolution weights (a = -0.5, Catmull-Rom) for a fractional offset t in [0, 1). */
function cubicWeights(t: number, w: Float64Array): void {
  const t2 = t * t, t3 = t2 * t;
  w[0] = -0.5 * t3 + t2 - 0.5 * t;
  w[1] = 1.5 * t3 - 2.5 * t2 + 1;
  w[2] = -1.5 * t3 + 2 * t2 + 0.5 * t;
  w[3] = 0.5 * t3 - 0.5 * t2;
}

const wx4 = new Float64Array(4);
const wy4 = new Float64Array(4);

/**
 * Bicubic (Catmull-Rom) sample of an RGBA image (size x size), pixel centres at +0.5, edges
 * clamped; RGB into out[0..2], not clamped to 0..255 (the caller adds detail, then stores).
 * Upsampling a fill several times, it keeps the edges bilinear interpolation would soften.
 */
export function sampleBicubic(rgba: Uint8ClampedArray, size: number, x: number, y: number, out: Float64Array): void {
  const fx = Math.min(size - 1, Math.max(0, x - 0.5));
  const fy = Math.min(size - 1, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  cubicWeights(fx - x0, wx4);
  cubicWeights(fy - y0, wy4);
  out[0] = out[1] = out[2] = 0;
  for (let j = 0; j < 4; j++) {
    const row = Math.min(size - 1, Math.max(0, y0 - 1 + j)) * size;
    for (let i = 0; i < 4; i++) {
      const w = wy4[j] * wx4[i];
      const p = (row + Math.min(size - 1, Math.max(0, x0 - 1 + i))) * 4;
      out[0] += rgba[p] * w;
      out[1] += rgba[p + 1] * w;
      out[2] += rgba[p + 2] * w;
    }
  }
}
