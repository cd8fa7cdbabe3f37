// Exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012): for every pixel, the
// distance in pixels to the nearest pixel where `inside` is set. Linear time, so it stays fast on
// crops of several thousand pixels, where a brute-force dilation would not.

const INF = 1e20;

/** Distances (px) to the nearest set pixel of a width x height binary image; INF-ish if none. */
export function distanceToSet(inside: Uint8Array, width: number, height: number): Float32Array {
  const d2 = new Float64Array(width * height);
  for (let i = 0; i < d2.length; i++) d2[i] = inside[i] ? 0 : INF;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const out1 = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = d2[y * width + x];
    edt1d(f, height, out1, v, z);
    for (let y = 0; y < height; y++) d2[y * width + x] = out1[y];
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = d2[row + x];
    edt1d(f, width, out1, v, z);
    for (let x = 0; x < width; x++) d2[row + x] = out1[x];
  }
  const dist = new Float32Array(width * height);
  for (let i = 0; i < dist.length; i++) dist[i] = Math.sqrt(d2[i]);
  return dist;
}

/** 1-D squared distance transform of sampled function f (lower envelope of parabolas). */
function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const dq = q - v[k];
    d[q] = dq * dq + f[v[k]];
  }
}
