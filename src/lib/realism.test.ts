import { describe, expect, it } from 'vitest';
import type { Image8 } from './metrics';
import { detailEnergy, diversityTerms, sharpness, xyExcessTerms } from './realism';

// A 24x20 pattern with detail everywhere, and a 7x12 hole (rows 3-14, columns 2-8).
function pattern(): Image8 {
  const w = 24, h = 20;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4;
      data[p] = (x * 37 + y * 11) % 256;
      data[p + 1] = (x * 5 + y * 29) % 256;
      data[p + 2] = (x * y) % 256;
      data[p + 3] = 255;
    }
  }
  return { data, width: w, height: h, channels: 4 };
}
function hole(): Uint8Array {
  const m = new Uint8Array(24 * 20);
  for (let y = 3; y < 15; y++) for (let x = 2; x < 9; x++) m[y * 24 + x] = 1;
  return m;
}

describe('realism metrics', () => {
  it('match training/metrics.py on the same image (values printed by the Python code)', () => {
    const img = pattern();
    expect(detailEnergy(img, hole())).toBeCloseTo(0.015659242025118484, 12);
    const flat = { ...img, data: img.data.slice() };
    for (let y = 5; y < 12; y++) for (let x = 3; x < 8; x++) flat.data.fill(102, (y * 24 + x) * 4, (y * 24 + x) * 4 + 3); // 0.4
    expect(sharpness(flat, img, hole())).toBeCloseTo(0.41757848848138335, 9); // 102/255 = 0.4
    expect(sharpness(img, img, hole())).toBe(1);
  });

  it('sharpness is undefined on a flat original', () => {
    const img = pattern();
    const grey = { ...img, data: new Uint8ClampedArray(img.data.length).fill(128) };
    expect(sharpness(img, grey, hole())).toBeNull();
  });

  it('diversity is zero for identical results and counts only the hole', () => {
    const img = pattern();
    const a = { ...img, data: img.data.slice().fill(0) };
    const b = { ...img, data: a.data.slice() };
    expect(diversityTerms([a, a, a], img, hole()).pairwise).toBe(0);
    b.data.fill(255, 0, 4 * 24); // row 0 is outside the hole
    expect(diversityTerms([a, b], img, hole()).pairwise).toBe(0);
    b.data.fill(51, (3 * 24 + 2) * 4, (3 * 24 + 2) * 4 + 3); // one hole pixel differs by 0.2
    expect(diversityTerms([a, b], img, hole()).pairwise).toBeCloseTo(0.2 / 84, 9);
  });
});

describe('x/y excess', () => {
  // 24x16, the pattern above; the result has vertical streaks in the two top-left 8x8 blocks
  function images(): { img: Image8; res: Image8; hole: Uint8Array } {
    const w = 24, h = 16;
    const a = new Uint8ClampedArray(w * h * 4), b = new Uint8ClampedArray(w * h * 4);
    const hole = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = (y * w + x) * 4;
        a.set([(x * 37 + y * 11) % 256, (x * 5 + y * 29) % 256, (x * y) % 256, 255], p);
        b.set(x < 16 && y < 8 ? [(x * 90) % 256, (x * 60) % 256, (x * 30) % 256, 255] : a.subarray(p, p + 4), p);
        hole[y * w + x] = (y < 8 && x < 16) || (y >= 8 && y < 12 && x >= 16) ? 1 : 0; // the second block only half hole
      }
    }
    return { img: { data: a, width: w, height: h, channels: 4 }, res: { data: b, width: w, height: h, channels: 4 }, hole };
  }

  it('matches training/evaluate.py xy_excess on the same images (value printed by the Python code)', () => {
    const { img, res, hole } = images();
    const t = xyExcessTerms(res, img, hole);
    expect(t.blocks).toBe(2);
    expect(t.sum / t.blocks).toBeCloseTo(3.5261430740356445, 4); // PyTorch computes in float32
  });

  it('is zero for the original itself and counts only blocks more than half hole', () => {
    const { img, hole } = images();
    expect(xyExcessTerms(img, img, hole)).toEqual({ sum: 0, blocks: 2 });
    expect(xyExcessTerms(img, img, new Uint8Array(24 * 16)).blocks).toBe(0);
  });
});
