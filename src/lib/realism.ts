// Realism metrics of a fill (issue 10), the same definitions as training/metrics.py:
// - sharpness: high-frequency energy of the luma inside the hole, result over original.
//   1.0 = as detailed as the real photo, below = blurry, far above = artefacts.
// - diversity: how much the results of several seeds differ inside the hole, relative to how
//   far they are from the original there (0 = the latent z changes nothing).
import type { Image8 } from './metrics';

export const SHARP_SIGMA = 1.5;
export const SHARP_RADIUS = 5; // ceil(3 sigma): 11 taps, border reflect-101 (OpenCV's default)

function gaussKernel(): Float64Array {
  const k = new Float64Array(2 * SHARP_RADIUS + 1);
  let sum = 0;
  for (let i = -SHARP_RADIUS; i <= SHARP_RADIUS; i++) sum += k[i + SHARP_RADIUS] = Math.exp((-i * i) / (2 * SHARP_SIGMA ** 2));
  return k.map((v) => v / sum);
}
const KERNEL = gaussKernel();

/** Reflect-101 index into [0, n): -1 -> 1, n -> n - 2. */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * n - 2 - i;
  return i;
}

/** BT.601 luma in [0, 1], one value a pixel. */
export function luma(img: Image8): Float64Array {
  const n = img.width * img.height;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = i * img.channels;
    y[i] = (0.299 * img.data[p] + 0.587 * img.data[p + 1] + 0.114 * img.data[p + 2]) / 255;
  }
  return y;
}

/** Blur along one axis only (the sharpness Gaussian), reflect-101 border. */
function blurAlong(src: Float64Array, w: number, h: number, axis: 'x' | 'y'): Float64Array {
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -SHARP_RADIUS; k <= SHARP_RADIUS; k++) {
        s += KERNEL[k + SHARP_RADIUS] * (axis === 'x' ? src[y * w + reflect(x + k, w)] : src[reflect(y + k, h) * w + x]);
      }
      out[y * w + x] = s;
    }
  }
  return out;
}

/** Separable Gaussian blur (sigma SHARP_SIGMA) of a w x h plane: along x, then along y. */
export function gaussianBlur(src: Float64Array, w: number, h: number): Float64Array {
  return blurAlong(blurAlong(src, w, h, 'x'), w, h, 'y');
}

/** Mean of (Y - G*Y)^2 over the hole (mask value non-zero); 0 for an empty hole. */
export function detailEnergy(img: Image8, hole: ArrayLike<number>): number {
  const y = luma(img);
  const blur = gaussianBlur(y, img.width, img.height);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (!hole[i]) continue;
    const d = y[i] - blur[i];
    sum += d * d;
    n++;
  }
  return n ? sum / n : 0;
}

/** Detail in the hole relative to the original's; null when the original has none there. */
export function sharpness(result: Image8, original: Image8, hole: ArrayLike<number>): number | null {
  const ref = detailEnergy(original, hole);
  return ref > 1e-12 ? detailEnergy(result, hole) / ref : null; // a flat original blurs to ~1e-32, not 0
}

function holeMad(a: Image8, b: Image8, hole: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i * a.channels + c] - b.data[i * b.channels + c]) / 255;
    n += 3;
  }
  return n ? sum / n : 0;
}

/** For one face: the mean pairwise mean absolute difference of the seeds' results inside the
 *  hole, and their mean absolute difference from the original there. diversity = the first
 *  over the second, each averaged over faces. */
export function diversityTerms(results: Image8[], original: Image8, hole: ArrayLike<number>): { pairwise: number; error: number } {
  let pair = 0;
  let pairs = 0;
  for (let i = 0; i < results.length; i++) {
    for (let j = i + 1; j < results.length; j++) {
      pair += holeMad(results[i], results[j], hole);
      pairs++;
    }
  }
  const error = results.reduce((s, r) => s + holeMad(r, original, hole), 0) / results.length;
  return { pairwise: pairs ? pair / pairs : 0, error };
}

export const XY_BLOCK = 8;

/** log(x-detail / y-detail) per XY_BLOCK block: (Y - Gx*Y)^2 and (Y - Gy*Y)^2 averaged over the
 *  block, 1e-5 added to each (training/losses.py oriented_energy, training/evaluate.py xy_excess). */
function blockLogRatio(img: Image8): Float64Array {
  const { width: w, height: h } = img;
  const y = luma(img);
  const bx = blurAlong(y, w, h, 'x');
  const by = blurAlong(y, w, h, 'y');
  const bw = Math.floor(w / XY_BLOCK), bh = Math.floor(h / XY_BLOCK);
  const out = new Float64Array(bw * bh);
  for (let j = 0; j < bh; j++) {
    for (let i = 0; i < bw; i++) {
      let ex = 0, ey = 0;
      for (let v = 0; v < XY_BLOCK; v++) {
        for (let u = 0; u < XY_BLOCK; u++) {
          const p = (j * XY_BLOCK + v) * w + i * XY_BLOCK + u;
          ex += (y[p] - bx[p]) ** 2;
          ey += (y[p] - by[p]) ** 2;
        }
      }
      const n = XY_BLOCK * XY_BLOCK;
      out[j * bw + i] = Math.log(ex / n + 1e-5) - Math.log(ey / n + 1e-5);
    }
  }
  return out;
}

/** Streaks, for one face: over the XY_BLOCK blocks that are more than half hole, the sum of the
 *  result's log(x-detail / y-detail) minus the original's, and the number of such blocks. The
 *  x/y excess is the first over the second, pooled over faces; above 0 the fill has more vertical
 *  structure than the face (stage 3's streaks in large holes, issue 10). */
export function xyExcessTerms(result: Image8, original: Image8, hole: ArrayLike<number>): { sum: number; blocks: number } {
  const w = result.width, bw = Math.floor(w / XY_BLOCK), bh = Math.floor(result.height / XY_BLOCK);
  const a = blockLogRatio(result), b = blockLogRatio(original);
  let sum = 0, blocks = 0;
  for (let j = 0; j < bh; j++) {
    for (let i = 0; i < bw; i++) {
      let inHole = 0;
      for (let v = 0; v < XY_BLOCK; v++) for (let u = 0; u < XY_BLOCK; u++) inHole += hole[(j * XY_BLOCK + v) * w + i * XY_BLOCK + u] ? 1 : 0;
      if (inHole <= (XY_BLOCK * XY_BLOCK) / 2) continue;
      sum += a[j * bw + i] - b[j * bw + i];
      blocks++;
    }
  }
  return { sum, blocks };
}
