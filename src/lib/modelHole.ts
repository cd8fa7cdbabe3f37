// The hole the model gets at its resolution R, and clean known cells around it.
//
// A model cell spans several photo pixels. Marking every cell the brush touched as a hole (as this
// once did, plus a pixel of growth) made thin strokes on a 200-px face a hole half again as large
// as what was painted: the model lost that context and the download scored below OpenCV's
// Navier-Stokes at full resolution (27.83 against 27.78 dB, 20-40% holes, 60 faces; with this rule
// 30.20, measured by a Python twin of this code). So a cell is a hole when at least half of it was
// painted, and a cell painted less than that stays known, its colour the mean of its unpainted
// pixels only, so none of the damage under the paint reaches the model. The paste-back still
// replaces exactly the painted pixels: there, the upsampled result interpolates between these
// clean cells and the model's fill.
import type { CropRect, ImageRect } from './geometry';
import { areaWeights } from './resample';

/** A cell at least this much painted is a hole for the model. */
export const HOLE_SHARE = 0.5;

/** What was painted, at photo resolution: a bitmap (non-zero = painted) over a rectangle of the photo. */
export interface PaintedPixels {
  rect: ImageRect;
  bitmap: ArrayLike<number>;
}

function isPainted({ rect, bitmap }: PaintedPixels, px: number, py: number): boolean {
  const x = px - rect.x, y = py - rect.y;
  return x >= 0 && y >= 0 && x < rect.width && y < rect.height && bitmap[y * rect.width + x] > 0;
}

/** The cells (inclusive range) whose area windows can reach into the rectangle. */
function cellsOver(rect: ImageRect, crop: CropRect, R: number) {
  const cell = crop.size / R;
  const lo = (v: number) => Math.max(0, Math.floor(v / cell) - 1);
  const hi = (v: number) => Math.min(R - 1, Math.floor(v / cell) + 1);
  return { x0: lo(rect.x - crop.x), x1: hi(rect.x + rect.width - crop.x), y0: lo(rect.y - crop.y), y1: hi(rect.y + rect.height - crop.y) };
}

/**
 * Per model cell, the share painted (0..1): the painted pixels weighted as the area resize weighs
 * them, so a cell's share is exactly how much of its colour at R would be damage.
 */
export function paintedShare(painted: PaintedPixels, crop: CropRect, R: number): Float32Array {
  const share = new Float32Array(R * R);
  const xs = areaWeights(crop.x, crop.size / R, R);
  const ys = areaWeights(crop.y, crop.size / R, R);
  const { x0, x1, y0, y1 } = cellsOver(painted.rect, crop, R);
  for (let cy = y0; cy <= y1; cy++)
    for (let cx = x0; cx <= x1; cx++) {
      const wy = ys[cy], wx = xs[cx];
      let hit = 0, total = 0;
      for (let j = 0; j < wy.index.length; j++)
        for (let q = 0; q < wx.index.length; q++) {
          const w = wy.weight[j] * wx.weight[q];
          total += w;
          if (isPainted(painted, wx.index[q], wy.index[j])) hit += w;
        }
      share[cy * R + cx] = hit / total;
    }
  return share;
}

/**
 * The model's hole (R x R, 1 = hole): cells at least HOLE_SHARE painted. Paint thinner than half a
 * cell everywhere (a scratch) still gets the model: then every cell it touches is the hole.
 */
export function holeFromShare(share: Float32Array): Float32Array {
  const hole = share.map((s) => (s >= HOLE_SHARE ? 1 : 0));
  if (hole.some((v) => v) || !share.some((s) => s > 0)) return hole;
  return share.map((s) => (s > 0 ? 1 : 0));
}

/**
 * In place on the crop at R (RGBA, area-resized from the photo): every known cell with paint in
 * its area window gets the area-weighted mean of its unpainted pixels. A cell with no such pixel
 * cannot happen below HOLE_SHARE, but a scratch's cells can be all paint: those join the hole, so
 * no damaged colour is ever known.
 */
export function cleanPaintedCells(
  rgbaR: Uint8ClampedArray, photo: Uint8ClampedArray, width: number, crop: CropRect, R: number,
  share: Float32Array, hole: Float32Array, painted: PaintedPixels,
): void {
  const xs = areaWeights(crop.x, crop.size / R, R);
  const ys = areaWeights(crop.y, crop.size / R, R);
  for (let i = 0; i < R * R; i++) {
    if (hole[i] || !share[i]) continue;
    const wy = ys[Math.floor(i / R)], wx = xs[i % R];
    let r = 0, g = 0, b = 0, total = 0;
    for (let j = 0; j < wy.index.length; j++)
      for (let q = 0; q < wx.index.length; q++) {
        const px = wx.index[q], py = wy.index[j];
        if (isPainted(painted, px, py)) continue;
        const w = wy.weight[j] * wx.weight[q];
        const p = (py * width + px) * 4;
        r += photo[p] * w;
        g += photo[p + 1] * w;
        b += photo[p + 2] * w;
        total += w;
      }
    if (total > 0) rgbaR.set([r / total, g / total, b / total], i * 4);
    else hole[i] = 1;
  }
}
