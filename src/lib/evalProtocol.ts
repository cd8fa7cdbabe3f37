// The shared evaluation protocol (../shared/data/README.md): which mask goes with which face,
// and how faces and masks are brought to the model's resolution. Pure, so the Node evaluation
// and its tests use exactly the same rules.

/** Mask buckets of the NVIDIA irregular test set: first id of each 4000-mask pair of buckets. */
export const BUCKET_START: Record<string, number> = { '0-20': 0, '20-40': 4000, '40-60': 8000 };

/** Face i of n (sorted by file name) gets mask `start + floor(i * 4000 / n)`. */
export function maskIndex(i: number, n: number, start: number): number {
  return start + Math.floor((i * 4000) / n);
}

/** The centred square crop of a width x height image (integer offsets, as Python's `//`). */
export function centreSquare(width: number, height: number): { x: number; y: number; size: number } {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/**
 * A grayscale mask (one byte a pixel) resized with OpenCV's INTER_NEAREST rule
 * (source index floor(i * src / dst)) and thresholded: 1 where the value is > threshold.
 */
export function maskToModel(gray: Uint8Array, width: number, height: number, size: number, threshold = 127): Float32Array {
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const sy = Math.min(height - 1, Math.floor((y * height) / size));
    for (let x = 0; x < size; x++) {
      const sx = Math.min(width - 1, Math.floor((x * width) / size));
      out[y * size + x] = gray[sy * width + sx] > threshold ? 1 : 0;
    }
  }
  return out;
}
