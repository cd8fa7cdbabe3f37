import { describe, expect, it } from 'vitest';
import { diffRect } from './diffRect';

const photo = (w: number, h: number) => Uint8ClampedArray.from({ length: w * h * 4 }, (_, i) => (i * 37) % 251);

describe('diffRect', () => {
  it('is null for identical pixels', () => {
    const a = photo(7, 5);
    expect(diffRect(a, new Uint8ClampedArray(a), 7, 5)).toBeNull();
  });

  it('bounds every differing pixel, down to one channel of one pixel', () => {
    const a = photo(9, 6);
    const b = new Uint8ClampedArray(a);
    b[(1 * 9 + 6) * 4 + 3] ^= 1; // alpha of (6, 1)
    b[(4 * 9 + 2) * 4 + 0] ^= 8; // red of (2, 4)
    expect(diffRect(a, b, 9, 6)).toEqual({ x: 2, y: 1, width: 5, height: 4 });
  });

  it('reads views that do not start at a word boundary', () => {
    const a = photo(4, 3);
    const b = new Uint8ClampedArray(a);
    b[(2 * 4 + 3) * 4 + 1] ^= 2;
    const shifted = new Uint8ClampedArray(b.length + 1);
    shifted.set(b, 1);
    expect(diffRect(a, shifted.subarray(1), 4, 3)).toEqual({ x: 3, y: 2, width: 1, height: 1 });
  });
});
