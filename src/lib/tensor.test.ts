import { describe, expect, it } from 'vitest';
import { composite, holeImage, nchwToRgba, rgbaToNchw } from './tensor';
import { cropResizeArea } from './resample';
import { mulberry32, standardNormal } from './rng';

const gradient = (w: number, h: number) => {
  const px = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4;
      px.set([(x * 7) % 256, (y * 13) % 256, (x * y) % 256, 255], p);
    }
  return px;
};

describe('RGBA <-> NCHW', () => {
  it('round-trips every byte value exactly', () => {
    const w = 16, h = 16; // 256 pixels: every value 0..255 in each channel
    const px = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) px.set([i, 255 - i, (i * 37) % 256, 255], i * 4);
    const back = nchwToRgba(rgbaToNchw(px, w, h), w, h);
    expect(Array.from(back)).toEqual(Array.from(px));
  });

  it('maps 0 to -1 and 255 to 1, in planar RGB order', () => {
    const t = rgbaToNchw(new Uint8ClampedArray([0, 255, 0, 255, 255, 0, 255, 255]), 2, 1);
    expect(Array.from(t)).toEqual([-1, 1, 1, -1, -1, 1]);
  });

  it('clamps values outside [-1, 1]', () => {
    const back = nchwToRgba(new Float32Array([-3, 3, 0]), 1, 1);
    expect(Array.from(back)).toEqual([0, 255, 128, 255]);
  });
});

describe('compositing', () => {
  it('keeps known pixels and takes generated ones in the hole', () => {
    const image = new Float32Array([0.5, -0.5, 0.25, 0.1, 0.2, 0.3]); // 3 channels x 2 pixels
    const mask = new Float32Array([0, 1]);
    const generated = new Float32Array([9, 8, 7, 6, 5, 4]);
    expect(Array.from(holeImage(image, mask))).toEqual([0.5, 0, 0.25, 0, 0.2, 0].map(Math.fround));
    expect(Array.from(composite(image, mask, generated))).toEqual([0.5, 8, 0.25, 6, 0.2, 4].map(Math.fround));
  });
});

describe('cropResizeArea', () => {
  it('is the identity at scale 1', () => {
    const px = gradient(10, 8);
    const out = cropResizeArea(px, 10, 8, { x: 0, y: 0, size: 8 }, 8);
    for (let y = 0; y < 8; y++) expect(Array.from(out.subarray(y * 32, y * 32 + 32))).toEqual(Array.from(px.subarray(y * 40, y * 40 + 32)));
  });

  it('averages whole blocks when shrinking by an integer factor', () => {
    const px = gradient(8, 8);
    const out = cropResizeArea(px, 8, 8, { x: 0, y: 0, size: 8 }, 4);
    let sum = 0;
    for (const [x, y] of [[2, 4], [3, 4], [2, 5], [3, 5]]) sum += px[(y * 8 + x) * 4];
    expect(out[(2 * 4 + 1) * 4]).toBe(Math.round(sum / 4));
  });

  it('keeps a flat colour flat at fractional scales', () => {
    const px = new Uint8ClampedArray(37 * 37 * 4).fill(200);
    const out = cropResizeArea(px, 37, 37, { x: 2, y: 3, size: 33 }, 16);
    expect(out.every((v) => v === 200)).toBe(true);
  });

  it('rejects a crop outside the photo', () => {
    expect(() => cropResizeArea(gradient(4, 4), 4, 4, { x: 1, y: 0, size: 4 }, 2)).toThrow();
  });
});

describe('seeded latent', () => {
  it('is reproducible and roughly standard normal', () => {
    expect(Array.from(standardNormal(42, 64))).toEqual(Array.from(standardNormal(42, 64)));
    expect(standardNormal(1, 8)).not.toEqual(standardNormal(2, 8));
    const z = standardNormal(7, 20000);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(z.every(Number.isFinite)).toBe(true);
    const r = mulberry32(3);
    for (let i = 0; i < 1000; i++) {
      const v = r();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
