import { describe, expect, it } from 'vitest';
import { cutRect } from './cutRect';

describe('cutRect', () => {
  it('copies exactly the rectangle\'s rows, from shared memory too', () => {
    const W = 5, H = 4;
    const px = new Uint8ClampedArray(new SharedArrayBuffer(W * H * 4));
    for (let i = 0; i < W * H; i++) px.set([i, i + 1, i + 2, 255], i * 4);
    const out = cutRect(px, W, { x: 1, y: 2, width: 3, height: 2 });
    expect(out.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(out.filter((_, k) => k % 4 === 0))).toEqual([11, 12, 13, 16, 17, 18]);
  });
});
