import { describe, expect, it } from 'vitest';
import { BUCKET_START, centreSquare, eyeHole, maskIndex, maskToModel, PAINTED_CELL, PAINTED_FACES, paintedHole, UTK_EYES } from './evalProtocol';

describe('evaluation protocol', () => {
  it('pairs faces with masks spread evenly over the bucket pair', () => {
    const ids = Array.from({ length: 400 }, (_, i) => maskIndex(i, 400, BUCKET_START['20-40']));
    expect(ids[0]).toBe(4000);
    expect(ids[1]).toBe(4010);
    expect(ids[399]).toBe(7990);
    expect(maskIndex(200, 400, BUCKET_START['40-60'])).toBe(10000);
    expect(maskIndex(488, 489, 8000)).toBe(8000 + Math.floor((488 * 4000) / 489));
  });
  it('crops the centred square with integer offsets', () => {
    expect(centreSquare(178, 218)).toEqual({ x: 0, y: 20, size: 178 });
    expect(centreSquare(201, 200)).toEqual({ x: 0, y: 0, size: 200 });
  });
  it('resizes masks by nearest neighbour and thresholds at 127', () => {
    const gray = new Uint8Array(8 * 8);
    gray[0] = 255; // top-left pixel: picked by output (0, 0)
    gray[1] = 255; // (1, 0): skipped by a 2x reduction
    gray[2 * 8 + 2] = 127; // exactly the threshold: not a hole
    gray[4 * 8 + 6] = 128;
    const m = maskToModel(gray, 8, 8, 4);
    expect(Array.from(m)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
  it('paints over the left eye, the right eye and both, in turn, and nothing else', () => {
    const R = 128;
    const at = (m: Float32Array, [cx, cy]: readonly number[]) => m[Math.floor(cy * R) * R + Math.floor(cx * R)];
    const [left, right] = UTK_EYES;
    const holes = [0, 1, 2, 3].map((i) => eyeHole(i, R));
    expect(holes.map((m) => [at(m, left), at(m, right)])).toEqual([[1, 0], [0, 1], [1, 1], [1, 0]]);
    for (const m of holes) {
      expect(at(m, [0.5, 0.7])).toBe(0); // the mouth stays
      expect(m.reduce((a, b) => a + b, 0) / (R * R)).toBeLessThan(0.15); // eyes, not the face
    }
    expect(holes[2].reduce((a, b) => a + b, 0)).toBeGreaterThan(1.8 * holes[0].reduce((a, b) => a + b, 0));
  });
});

describe('paintedHole', () => {
  // a 1280-wide sheet where cell i holds a square of side i + 1 at its corner
  const sheet = new Uint8Array(1280 * 1280);
  for (let i = 0; i < PAINTED_FACES; i++) {
    const x0 = (i % 10) * PAINTED_CELL, y0 = Math.floor(i / 10) * PAINTED_CELL;
    for (let y = 0; y <= i; y++) sheet.fill(255, (y0 + y) * 1280 + x0, (y0 + y) * 1280 + x0 + i + 1);
  }
  it('cuts face i’s cell out of the sheet', () => {
    for (const i of [0, 9, 10, 57, 99]) {
      const hole = paintedHole(sheet, 1280, i, PAINTED_CELL);
      expect(hole.reduce((a, b) => a + b, 0)).toBe((i + 1) * (i + 1));
      expect(hole[i * PAINTED_CELL + i]).toBe(1);
      expect(hole[(i + 1) * PAINTED_CELL]).toBe(0);
    }
  });
  it('resizes with the masks’ nearest rule, and refuses faces past the sheet', () => {
    expect(paintedHole(sheet, 1280, 63, 256).reduce((a, b) => a + b, 0)).toBe(64 * 64 * 4);
    expect(() => paintedHole(sheet, 1280, 100, 128)).toThrow(/not in the sheet/);
  });
});
