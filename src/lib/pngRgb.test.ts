import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { encodeRgbPng, isOpaque, pngColourType } from './pngRgb';

describe('encodeRgbPng', () => {
  it('writes an RGB PNG that decodes to the same pixels', async () => {
    const W = 37, H = 23;
    const rgba = new Uint8ClampedArray(W * H * 4);
    for (let i = 0; i < W * H; i++) rgba.set([(i * 7) % 256, (i * 13) % 256, (i * 29) % 256, 255], i * 4);
    const png = await encodeRgbPng(rgba, W, H);
    expect(pngColourType(png)).toBe(2);
    const back = PNG.sync.read(Buffer.from(png));
    expect([back.width, back.height]).toEqual([W, H]);
    expect(Buffer.from(back.data).equals(Buffer.from(rgba))).toBe(true);
  });
  it('knows opaque from not', () => {
    expect(isOpaque(new Uint8Array([1, 2, 3, 255]))).toBe(true);
    expect(isOpaque(new Uint8Array([1, 2, 3, 254]))).toBe(false);
  });
});
