// Full-resolution detail for a fill that was made at the model's resolution R: contextual residual
// aggregation (Yi et al., CVPR 2020, "HiFill"), with a nearest-patch choice.
//
// The model fills the crop at R; upsampled into a crop several times larger, the fill has none
// of the photo's fine texture (skin pores, hair strands, film grain). The photo's own texture is
// still there around the hole: its residual, the photo minus its down-then-up-sampled copy, is
// exactly the detail R cannot hold. The crop is cut into G x G blocks; every block that touches
// the hole takes the residual of the known block whose restored content (at R) looks most like
// its own (cosine of mean-centred colour patches, the block and a one-cell ring). One known block,
// not a softmax blend of many: residuals of different blocks have unrelated phases and cancel out
// when averaged, which would bring the blur back.
import type { CropRect } from './geometry';
import { sampleBicubic } from './resample';

/**
 * Attention grid: G x G blocks over the crop (HiFill: 32 for a 512 crop). 64 (blocks of two model
 * cells) matches texture more locally: sharpness at full resolution +0.02 over 32 (eval --full-res,
 * 100 faces) for about 60 ms more on a 1024 px crop (tools/bench/photoSteps.ts).
 */
export const DETAIL_GRID = 64;
/** Grey levels of contrast at R below which blocks count as equally smooth (the donor gain). */
const CONTRAST_FLOOR = 4;
/** How much a donor's contrast unlike the block's (|log ratio|) counts against its colour cosine. */
const CONTRAST_WEIGHT = 0.25;
/**
 * How much a donor's brightness unlike the block's (|log ratio| of mean luma, +16) counts against
 * it. The cosine is of mean-centred, normalised colours, blind to how bright a block is: on the
 * peer demo 00169 blocks of grey background and of the hair's dark edge took the residual of
 * curly hair, and the fill there came out speckled with its highlights.
 */
const LUMA_WEIGHT = 0.5;
/** Below this upsampling factor the residual holds almost nothing; skip the work. */
export const DETAIL_MIN_SCALE = 1.25;

export interface DetailInput {
  photo: Uint8ClampedArray;
  width: number;
  height: number;
  crop: CropRect;
  R: number;
  /** The crop area-resized to R (RGBA), before the hole was blanked: the low-pass of the photo. */
  cropAtR: Uint8ClampedArray;
  /** R x R, the share of each cell painted (0..1): cells with any paint need detail and give none. */
  painted: Float32Array;
  /** The model's composite at R (RGBA). */
  restored: Uint8ClampedArray;
}

/** Adds the borrowed residual at photo pixel (px, py) into rgb[0..2]. */
export type DetailSampler = (px: number, py: number, rgb: Float64Array) => void;

/**
 * A sampler of the residual to add inside the hole, or null when the crop is not much larger
 * than R, or no block is free of the hole (nothing to borrow from).
 */
export function detailSampler(d: DetailInput): DetailSampler | null {
  const { crop, R } = d;
  if (crop.size < R * DETAIL_MIN_SCALE) return null;
  const G = Math.min(DETAIL_GRID, R);
  if (R % G) return null; // blocks must be whole model cells
  const s = R / G; // model cells per block
  const block = crop.size / G; // photo px per block
  // Blocks by role: hole blocks have a painted cell; donors have none within one cell around them
  // (the down-up copy of a pixel reads one cell around it, and a damaged pixel must not leak in).
  const holeBlock = new Uint8Array(G * G);
  const nearHole = new Uint8Array(G * G);
  for (let y = 0; y < R; y++) {
    for (let x = 0; x < R; x++) {
      if (!(d.painted[y * R + x] > 0)) continue;
      holeBlock[Math.floor(y / s) * G + Math.floor(x / s)] = 1;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const by = Math.floor((y + dy) / s), bx = Math.floor((x + dx) / s);
          if (by >= 0 && bx >= 0 && by < G && bx < G) nearHole[by * G + bx] = 1;
        }
    }
  }
  const donors: number[] = [];
  for (let b = 0; b < G * G; b++) if (!nearHole[b]) donors.push(b);
  if (!donors.length) return null;

  const feats = blockFeatures(d.restored, R, G);
  const { contrast, luma } = blockStats(d.restored, R, G);
  const logContrast = contrast.map((c) => Math.log(c + CONTRAST_FLOOR));
  const logLuma = luma.map((l) => Math.log(l + 16));
  const choice = chooseDonors(feats, feats.length / (G * G), logContrast, holeBlock, donors, logLuma);
  // A donor still busier than the block it serves lends its residual scaled down to the block's
  // own contrast: at full strength its edges showed as jagged staircases in the fill (the peer
  // demo 00169).
  const gain = new Float32Array(G * G);
  for (let b = 0; b < G * G; b++) if (choice[b] >= 0) gain[b] = Math.min(1, (contrast[b] + CONTRAST_FLOOR) / (contrast[choice[b]] + CONTRAST_FLOOR));

  const scale = R / crop.size;
  const lowA = new Float64Array(3);
  return (px, py, rgb) => {
    const cx = px - crop.x, cy = py - crop.y;
    const bx = Math.min(G - 1, Math.floor(cx / block)), by = Math.min(G - 1, Math.floor(cy / block));
    const k = choice[by * G + bx];
    if (k < 0) return;
    const g = gain[by * G + bx];
    // the same offset inside the donor block
    const sx = Math.min(crop.size - 1, Math.floor((k % G) * block + (cx - bx * block)));
    const sy = Math.min(crop.size - 1, Math.floor(Math.floor(k / G) * block + (cy - by * block)));
    const p = ((crop.y + sy) * d.width + crop.x + sx) * 4;
    sampleBicubic(d.cropAtR, R, (sx + 0.5) * scale, (sy + 0.5) * scale, lowA);
    for (let c = 0; c < 3; c++) rgb[c] += g * (d.photo[p + c] - lowA[c]);
  };
}

/**
 * The blocks whose donors a block may not repeat (dx, dy), all chosen before it in raster order:
 * two to the left, the five above within two columns and the one two rows up, so that neither a
 * repeat nor an alternation of two donors lines up into a pattern.
 */
const NEIGHBOURS: readonly (readonly [number, number])[] = [[-1, 0], [-2, 0], [-2, -1], [-1, -1], [0, -1], [1, -1], [2, -1], [0, -2]];

function isTaken(taken: Int32Array, n: number, k: number): boolean {
  for (let i = 0; i < n; i++) if (taken[i] === k) return true;
  return false;
}

/** A cosine of unit vectors is at most 1; the margin covers float32 rounding in their norms. */
const MAX_COSINE = 1 + 1e-4;

/**
 * For each hole block of the G x G grid (every array here has G * G entries), the donor with the best score: like colours around it (cosine of `feats`,
 * unit vectors of `dim`), and about as busy at R (texture comes from a region of the same kind,
 * not from a glasses rim or a hairline that happens to share the colour):
 * score = cosine - CONTRAST_WEIGHT * |log contrast difference| - LUMA_WEIGHT * |log luma difference|
 * (the last when `logLuma` is given); ties go to the lower block index.
 *
 * The same choice as trying every donor, in a fraction of the time: donors are visited outward
 * from the block's own contrast, and a search stops once even a perfect cosine could not beat the
 * best so far at that contrast difference. Trying every donor took 75 of the paste-back's 84 ms
 * on a 300 px crop (the first visit's sample photo), whatever the photo's size.
 */
export function chooseDonors(
  feats: Float32Array, dim: number, logContrast: Float32Array, isHole: Uint8Array, donors: number[], logLuma?: Float32Array,
): Int32Array {
  const choice = new Int32Array(isHole.length).fill(-1);
  const order = Int32Array.from(donors).sort((a, b) => logContrast[a] - logContrast[b] || a - b);
  const sorted = Float64Array.from(order, (k) => logContrast[k]);
  const G = Math.round(Math.sqrt(isHole.length));
  const taken = new Int32Array(NEIGHBOURS.length);
  for (let b = 0; b < isHole.length; b++) {
    if (!isHole[b]) continue;
    // the donors of the blocks chosen just before, left and above: a smooth region's blocks all
    // liked the same donor best, and its residual repeated block after block drew a regular
    // pattern (the grey wall of the peer demo 00169). A donor they took is passed over.
    const bx = b % G;
    let n = 0;
    for (const [dx, dy] of NEIGHBOURS) {
      const x = bx + dx, y = Math.floor(b / G) + dy;
      if (x >= 0 && x < G && y >= 0) taken[n++] = choice[y * G + x];
    }
    const own = logContrast[b];
    let best = -Infinity;
    let pick = -1;
    let hi = 0;
    for (let step = order.length; step > 0; step >>= 1) while (hi + step <= order.length && sorted[hi + step - 1] < own) hi += step;
    let lo = hi - 1;
    for (;;) {
      const up = hi < order.length ? MAX_COSINE - CONTRAST_WEIGHT * (sorted[hi] - own) : -Infinity;
      const down = lo >= 0 ? MAX_COSINE - CONTRAST_WEIGHT * (own - sorted[lo]) : -Infinity;
      if (Math.max(up, down) < best || (up === -Infinity && down === -Infinity)) break;
      const k = up >= down ? order[hi++] : order[lo--];
      if (isTaken(taken, n, k)) continue;
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += feats[b * dim + i] * feats[k * dim + i];
      // (the luma term only lowers a score: the stopping bound above still holds)
      const score = dot - CONTRAST_WEIGHT * Math.abs(logContrast[k] - logContrast[b]) - (logLuma ? LUMA_WEIGHT * Math.abs(logLuma[k] - logLuma[b]) : 0);
      if (score > best || (score === best && k < pick)) {
        best = score;
        pick = k;
      }
    }
    choice[b] = pick;
  }
  return choice;
}

/**
 * Per block, the restored colours of the block and a one-cell ring around it (edge-clamped), minus
 * the crop's mean colour, L2-normalised: cosine similarity by a dot product.
 */
function blockFeatures(restored: Uint8ClampedArray, R: number, G: number): Float32Array {
  const s = R / G;
  const side = s + 2;
  const dim = side * side * 3;
  const mean = [0, 0, 0];
  for (let i = 0; i < R * R; i++) for (let c = 0; c < 3; c++) mean[c] += restored[i * 4 + c] / (R * R);
  const out = new Float32Array(G * G * dim);
  for (let by = 0; by < G; by++) {
    for (let bx = 0; bx < G; bx++) {
      const o = (by * G + bx) * dim;
      let n = 0;
      let norm = 0;
      for (let y = by * s - 1; y <= by * s + s; y++) {
        for (let x = bx * s - 1; x <= bx * s + s; x++) {
          const p = (Math.min(R - 1, Math.max(0, y)) * R + Math.min(R - 1, Math.max(0, x))) * 4;
          for (let c = 0; c < 3; c++) {
            const v = restored[p + c] - mean[c];
            out[o + n++] = v;
            norm += v * v;
          }
        }
      }
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let i = 0; i < dim; i++) out[o + i] *= inv;
    }
  }
  return out;
}

/**
 * Per block, over the restored block and its one-cell ring at R: the standard deviation (grey
 * levels, RGB pooled: how busy it is) and the mean BT.601 luma (how bright it is).
 */
function blockStats(restored: Uint8ClampedArray, R: number, G: number): { contrast: Float32Array; luma: Float32Array } {
  const s = R / G;
  const contrast = new Float32Array(G * G);
  const luma = new Float32Array(G * G);
  for (let by = 0; by < G; by++) {
    for (let bx = 0; bx < G; bx++) {
      let n = 0, sum = 0, sq = 0, y601 = 0;
      for (let y = Math.max(0, by * s - 1); y <= Math.min(R - 1, by * s + s); y++) {
        for (let x = Math.max(0, bx * s - 1); x <= Math.min(R - 1, bx * s + s); x++) {
          const p = (y * R + x) * 4;
          y601 += 0.299 * restored[p] + 0.587 * restored[p + 1] + 0.114 * restored[p + 2];
          for (let c = 0; c < 3; c++) {
            const v = restored[p + c];
            sum += v;
            sq += v * v;
            n++;
          }
        }
      }
      const mean = sum / n;
      contrast[by * G + bx] = Math.sqrt(Math.max(0, sq / n - mean * mean));
      luma[by * G + bx] = (3 * y601) / n;
    }
  }
  return { contrast, luma };
}
