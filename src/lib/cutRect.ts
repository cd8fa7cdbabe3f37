// A rectangle's rows out of a photo's RGBA pixels, as a new buffer of its own.
import type { ImageRect } from './geometry';

export function cutRect(px: Uint8ClampedArray, width: number, r: ImageRect): Uint8ClampedArray {
  const out = new Uint8ClampedArray(r.width * r.height * 4);
  for (let y = 0; y < r.height; y++) out.set(px.subarray(((r.y + y) * width + r.x) * 4, ((r.y + y) * width + r.x + r.width) * 4), y * r.width * 4);
  return out;
}
