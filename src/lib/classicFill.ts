// A classical fill for painted areas the face model does not cover (hair, background, clothes
// outside the face box): a smooth membrane across the hole from the colours around it, computed
// coarse to fine (push-pull, Gortler et al. 1996) with a few Gauss-Seidel smoothing sweeps at each
// level, so it costs a handful of passes over the region however large the hole. It makes no
// texture; the UI says which method filled what.

/**
 * Fills the hole pixels (hole[i] non-zero) of an RGBA rectangle in place.
 * rgba: width x height x 4, hole: width x height. Pixels outside the hole are never changed.
 * Returns false (and changes nothing) when the rectangle has no known pixel to fill from.
 */
export function fillSmooth(rgba: Uint8ClampedArray, width: number, height: number, hole: ArrayLike<number>): boolean {
  const values = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) for (let k = 0; k < 3; k++) values[i * 3 + k] = rgba[i * 4 + k];
  if (!fillMembrane(values, width, height, hole)) return false;
  for (let i = 0; i < width * height; i++) {
    if (!hole[i]) continue;
    for (let k = 0; k < 3; k++) rgba[i * 4 + k] = values[i * 3 + k];
  }
  return true;
}

/**
 * The same membrane over any three-channel float values (width x height x 3), in place: the hole
 * pixels (hole[i] non-zero) get the smooth interpolation of the known ones. Returns false (and
 * changes nothing) when no pixel is known.
 */
export function fillMembrane(values: Float32Array, width: number, height: number, hole: ArrayLike<number>): boolean {
  // Level 0: colour (premultiplied by weight) and weight, 1 = known.
  let w = new Float32Array(width * height);
  let c = new Float32Array(width * height * 3);
  let known = 0;
  for (let i = 0; i < width * height; i++) {
    if (hole[i]) continue;
    w[i] = 1;
    known++;
    for (let k = 0; k < 3; k++) c[i * 3 + k] = values[i * 3 + k];
  }
  if (!known) return false;
  // Push: halve until one pixel, weighted means of 2x2 blocks.
  const levels: { w: Float32Array; c: Float32Array; W: number; H: number }[] = [{ w, c, W: width, H: height }];
  let W = width, H = height;
  while (W > 1 || H > 1) {
    const W2 = Math.ceil(W / 2), H2 = Math.ceil(H / 2);
    const w2 = new Float32Array(W2 * H2), c2 = new Float32Array(W2 * H2 * 3);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const i = y * W + x, j = (y >> 1) * W2 + (x >> 1);
        w2[j] += w[i];
        for (let k = 0; k < 3; k++) c2[j * 3 + k] += c[i * 3 + k];
      }
    // normalise to weight <= 1 (a block with any known pixel counts as known at this level)
    for (let j = 0; j < W2 * H2; j++) {
      if (w2[j] > 0) {
        for (let k = 0; k < 3; k++) c2[j * 3 + k] /= w2[j];
        w2[j] = Math.min(1, w2[j]);
        for (let k = 0; k < 3; k++) c2[j * 3 + k] *= w2[j];
      }
    }
    levels.push({ w: w2, c: c2, W: W2, H: H2 });
    w = w2;
    c = c2;
    W = W2;
    H = H2;
  }
  // Pull: from the coarsest level down, each pixel keeps its own weight of its colour and takes the
  // rest from the (bilinearly read) coarser level; then smooth the unknown part a little.
  let coarse = levels[levels.length - 1];
  let colour = new Float32Array(3).fill(0);
  if (coarse.w[0] > 0) for (let k = 0; k < 3; k++) colour[k] = coarse.c[k] / coarse.w[0];
  let up = { img: colour, W: 1, H: 1 };
  const from = new Float64Array(3);
  for (let l = levels.length - 2; l >= 0; l--) {
    const { w: lw, c: lc, W: LW, H: LH } = levels[l];
    const img = new Float32Array(LW * LH * 3);
    for (let y = 0; y < LH; y++)
      for (let x = 0; x < LW; x++) {
        const i = y * LW + x;
        if (lw[i] >= 1) {
          // fully known: nothing to take from the coarser level (most pixels of a thin stroke's region)
          for (let k = 0; k < 3; k++) img[i * 3 + k] = lc[i * 3 + k];
          continue;
        }
        sample(up.img, up.W, up.H, (x + 0.5) / 2 - 0.5, (y + 0.5) / 2 - 0.5, from);
        for (let k = 0; k < 3; k++) img[i * 3 + k] = lc[i * 3 + k] + (1 - lw[i]) * from[k];
      }
    smooth(img, lc, lw, LW, LH, l === 0 ? 2 : 4);
    up = { img, W: LW, H: LH };
    coarse = levels[l];
  }
  for (let i = 0; i < width * height; i++) {
    if (!hole[i]) continue;
    for (let k = 0; k < 3; k++) values[i * 3 + k] = up.img[i * 3 + k];
  }
  return true;
}

/** Bilinear read with edge clamping of a W x H x 3 image. */
function sample(img: Float32Array, W: number, H: number, x: number, y: number, out: Float64Array): void {
  const fx = Math.min(W - 1, Math.max(0, x)), fy = Math.min(H - 1, Math.max(0, y));
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const x1 = Math.min(W - 1, x0 + 1), y1 = Math.min(H - 1, y0 + 1);
  const tx = fx - x0, ty = fy - y0;
  for (let k = 0; k < 3; k++) {
    const a = img[(y0 * W + x0) * 3 + k], b = img[(y0 * W + x1) * 3 + k];
    const c = img[(y1 * W + x0) * 3 + k], d = img[(y1 * W + x1) * 3 + k];
    out[k] = (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
  }
}

/** Gauss-Seidel sweeps over pixels that are not fully known (weight w < 1): their unknown share
 *  (1 - w) becomes the mean of the 4 neighbours; the known share (lc, premultiplied) stays. */
function smooth(img: Float32Array, lc: Float32Array, w: Float32Array, W: number, H: number, sweeps: number): void {
  for (let s = 0; s < sweeps; s++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        if (w[i] >= 1) continue;
        for (let k = 0; k < 3; k++) {
          let sum = 0, n = 0;
          if (x > 0) (sum += img[(i - 1) * 3 + k]), n++;
          if (x < W - 1) (sum += img[(i + 1) * 3 + k]), n++;
          if (y > 0) (sum += img[(i - W) * 3 + k]), n++;
          if (y < H - 1) (sum += img[(i + W) * 3 + k]), n++;
          img[i * 3 + k] = lc[i * 3 + k] + (1 - w[i]) * (sum / n);
        }
      }
}
