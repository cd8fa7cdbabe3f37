// Restoration metrics on 8-bit images, as the inpainting literature reports them: PSNR and mean
// L1 on the whole image in [0, 1], and SSIM computed exactly as scikit-image's
// `structural_similarity(a, b, channel_axis=2, data_range=1)` with its defaults: a 7x7 uniform
// window, K1 = 0.01, K2 = 0.03, sample covariance (N / (N - 1)), the border of 3 pixels left
// out, the mean over channels. (ssim.js, the maintained npm package, implements the Gaussian
// variant of Wang et al. on luma; on our pairs it differs from scikit-image by up to 0.05, so
// numbers from it would not be comparable with the papers we compare against.)

/** An interleaved 8-bit image: `channels` bytes a pixel; metrics read the first three. */
export interface Image8 {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: number;
}

function checkPair(a: Image8, b: Image8): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`metrics: sizes differ (${a.width}x${a.height} vs ${b.width}x${b.height})`);
  }
}

/** Mean squared error over RGB in [0, 1]. */
export function mse(a: Image8, b: Image8): number {
  checkPair(a, b);
  let sum = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const d = (a.data[i * a.channels + c] - b.data[i * b.channels + c]) / 255;
      sum += d * d;
    }
  }
  return sum / (3 * n);
}

/** PSNR in dB for data range 1; Infinity for identical images. */
export function psnr(a: Image8, b: Image8): number {
  const e = mse(a, b);
  return e === 0 ? Infinity : 10 * Math.log10(1 / e);
}

/** Mean absolute error over RGB in [0, 1]. */
export function meanL1(a: Image8, b: Image8): number {
  checkPair(a, b);
  let sum = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i * a.channels + c] - b.data[i * b.channels + c]) / 255;
  }
  return sum / (3 * n);
}

/** Summed-area table of f(x, y) with one row and column of zeros in front. */
function integral(w: number, h: number, f: (i: number) => number): Float64Array {
  const t = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += f(y * w + x);
      t[(y + 1) * (w + 1) + x + 1] = t[y * (w + 1) + x + 1] + row;
    }
  }
  return t;
}

/** SSIM as scikit-image computes it by default (see the file comment). Images at least 7x7. */
export function ssim(a: Image8, b: Image8): number {
  checkPair(a, b);
  const { width: w, height: h } = a;
  const win = 7;
  if (w < win || h < win) throw new Error('ssim: images must be at least 7x7');
  const np = win * win;
  const covNorm = np / (np - 1);
  const c1 = 0.01 ** 2;
  const c2 = 0.03 ** 2;
  let total = 0;
  for (let c = 0; c < 3; c++) {
    const x = (i: number) => a.data[i * a.channels + c] / 255;
    const y = (i: number) => b.data[i * b.channels + c] / 255;
    const sx = integral(w, h, x);
    const sy = integral(w, h, y);
    const sxx = integral(w, h, (i) => x(i) * x(i));
    const syy = integral(w, h, (i) => y(i) * y(i));
    const sxy = integral(w, h, (i) => x(i) * y(i));
    const box = (t: Float64Array, x0: number, y0: number) => {
      const x1 = x0 + win;
      const y1 = y0 + win;
      return (t[y1 * (w + 1) + x1] - t[y0 * (w + 1) + x1] - t[y1 * (w + 1) + x0] + t[y0 * (w + 1) + x0]) / np;
    };
    let sum = 0;
    // Window top-left corners whose 7x7 window lies inside the image: exactly the pixels
    // scikit-image keeps after cropping its border of (win - 1) / 2.
    for (let y0 = 0; y0 + win <= h; y0++) {
      for (let x0 = 0; x0 + win <= w; x0++) {
        const ux = box(sx, x0, y0);
        const uy = box(sy, x0, y0);
        const vx = covNorm * (box(sxx, x0, y0) - ux * ux);
        const vy = covNorm * (box(syy, x0, y0) - uy * uy);
        const vxy = covNorm * (box(sxy, x0, y0) - ux * uy);
        sum += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
      }
    }
    total += sum / ((w - win + 1) * (h - win + 1));
  }
  return total / 3;
}

/** Cosine similarity of two descriptors (identity similarity of two faces). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}
