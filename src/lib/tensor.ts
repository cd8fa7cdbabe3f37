// Conversions between RGBA bytes (row-major, 4 bytes a pixel) and the graphs' float tensors:
// RGB, NCHW with N = 1, values in [-1, 1] (0 -> -1, 255 -> 1).

/** RGBA bytes of a width x height image -> Float32 [1,3,H,W] in [-1, 1]; alpha is dropped. */
export function rgbaToNchw(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Float32Array {
  const plane = width * height;
  if (rgba.length !== plane * 4) throw new Error(`rgbaToNchw: expected ${plane * 4} bytes, got ${rgba.length}`);
  const out = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    out[i] = rgba[i * 4] / 127.5 - 1;
    out[plane + i] = rgba[i * 4 + 1] / 127.5 - 1;
    out[2 * plane + i] = rgba[i * 4 + 2] / 127.5 - 1;
  }
  return out;
}

/** Float32 [1,3,H,W] in [-1, 1] -> opaque RGBA bytes, rounded and clamped to 0..255. */
export function nchwToRgba(nchw: Float32Array, width: number, height: number): Uint8ClampedArray {
  const plane = width * height;
  if (nchw.length !== plane * 3) throw new Error(`nchwToRgba: expected ${plane * 3} floats, got ${nchw.length}`);
  const out = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    // Uint8ClampedArray rounds half to even and clamps, which is what we want.
    out[i * 4] = (nchw[i] + 1) * 127.5;
    out[i * 4 + 1] = (nchw[plane + i] + 1) * 127.5;
    out[i * 4 + 2] = (nchw[2 * plane + i] + 1) * 127.5;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The graphs' `image` input: the photo tensor with every hole pixel set to 0 (mid grey). */
export function holeImage(image: Float32Array, mask: Float32Array): Float32Array {
  const plane = mask.length;
  const out = new Float32Array(image.length);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) out[c * plane + i] = image[c * plane + i] * (1 - mask[i]) + 0; // + 0: no -0
  }
  return out;
}

/** composite = image * (1 - mask) + generated * mask, per channel; the contract between stages. */
export function composite(image: Float32Array, mask: Float32Array, generated: Float32Array): Float32Array {
  const plane = mask.length;
  const out = new Float32Array(image.length);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) {
      const m = mask[i];
      out[c * plane + i] = image[c * plane + i] * (1 - m) + generated[c * plane + i] * m;
    }
  }
  return out;
}
