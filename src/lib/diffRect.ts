// Where a restored photo differs from the original: the session keeps only that rectangle.
import type { ImageRect } from './geometry';

/**
 * The smallest rectangle holding every pixel where `a` and `b` differ (RGBA); null if none.
 * Compares whole pixels as 32-bit words: the scan of a 24 MP photo runs after every restore.
 */
export function diffRect(a: Uint8ClampedArray, b: Uint8ClampedArray, width: number, height: number): ImageRect | null {
  const words = (p: Uint8ClampedArray) => (p.byteOffset % 4 === 0 ? new Uint32Array(p.buffer, p.byteOffset, width * height) : new Uint32Array(new Uint8ClampedArray(p).buffer));
  const wa = words(a);
  const wb = words(b);
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    for (let x = 0; x < width; x++) {
      if (wa[row + x] !== wb[row + x]) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = width - 1;
    while (wa[row + last] === wb[row + last]) last--;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
    if (y < y0) y0 = y;
    y1 = y;
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
