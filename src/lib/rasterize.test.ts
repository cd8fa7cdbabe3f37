import { describe, expect, it } from 'vitest';
import { imagePoint } from './geometry';
import { rasterizeMask } from './rasterize';
import type { Stroke } from './strokes';

const paint = (radius: number, pts: [number, number][]): Stroke => ({ mode: 'paint', radius, points: pts.map(([x, y]) => imagePoint(x, y)) });
const erase = (radius: number, pts: [number, number][]): Stroke => ({ ...paint(radius, pts), mode: 'erase' });

describe('rasterizeMask', () => {
  const crop = { x: 100, y: 50, width: 400, height: 400 };
  const R = 128;

  it('covers every point the brush painted, at model resolution', () => {
    const stroke = paint(9, [[150, 120], [260, 200], [330, 140], [331, 141]]);
    const mask = rasterizeMask([stroke], crop, R, R);
    const cell = crop.width / R;
    // Sample points inside the painted capsules and check the cell containing each is a hole.
    const pts = stroke.points;
    let checked = 0;
    for (let i = 0; i + 1 < pts.length; i++) {
      for (let t = 0; t <= 1; t += 0.05) {
        for (let a = 0; a < 2 * Math.PI; a += 0.3) {
          for (const rr of [0, 4, 8.99]) {
            const x = pts[i].x + t * (pts[i + 1].x - pts[i].x) + rr * Math.cos(a);
            const y = pts[i].y + t * (pts[i + 1].y - pts[i].y) + rr * Math.sin(a);
            const cx = Math.floor((x - crop.x) / cell);
            const cy = Math.floor((y - crop.y) / cell);
            expect(mask[cy * R + cx]).toBe(1);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('marks nothing far from the stroke, and only 0/1 values', () => {
    const mask = rasterizeMask([paint(10, [[300, 250]])], crop, R, R);
    const cell = crop.width / R;
    for (let cy = 0; cy < R; cy++)
      for (let cx = 0; cx < R; cx++) {
        const d = Math.hypot(crop.x + (cx + 0.5) * cell - 300, crop.y + (cy + 0.5) * cell - 250);
        const v = mask[cy * R + cx];
        expect(v === 0 || v === 1).toBe(true);
        if (d > 10 + cell) expect(v).toBe(0);
        if (d < 10) expect(v).toBe(1);
      }
  });

  it('applies strokes in order: an eraser clears what was painted before it', () => {
    const strokes = [paint(40, [[300, 250]]), erase(15, [[300, 250]])];
    const mask = rasterizeMask(strokes, { x: 0, y: 0, width: 600, height: 500 }, 600, 500);
    expect(mask[250 * 600 + 300]).toBe(0);
    expect(mask[250 * 600 + 330]).toBe(1);
    const repainted = rasterizeMask([...strokes, paint(5, [[300, 250]])], { x: 0, y: 0, width: 600, height: 500 }, 600, 500);
    expect(repainted[250 * 600 + 300]).toBe(1);
  });

  it('ignores strokes outside the view', () => {
    const mask = rasterizeMask([paint(10, [[5, 5], [20, 10]])], crop, R, R);
    expect(mask.every((v) => v === 0)).toBe(true);
  });
});

describe('mask edits (grow, shrink, invert)', () => {
  const view = { x: 0, y: 0, width: 100, height: 100 };
  const dot = paint(10, [[50, 50]]);
  const at = (m: Float32Array, x: number, y: number) => m[y * 100 + x];

  it('grows and shrinks by exact Euclidean distances in image pixels', () => {
    const grown = rasterizeMask([dot, { mode: 'grow', by: 8 }], view, 100, 100);
    // The dot covers cells whose centre is within 10 + half a diagonal of (50, 50); grown by 8.
    const r = 10 + Math.SQRT1_2 / 1 + 8;
    for (let y = 0; y < 100; y++)
      for (let x = 0; x < 100; x++) {
        const d = Math.hypot(x + 0.5 - 50, y + 0.5 - 50);
        if (d < r - 1.5) expect(at(grown, x, y)).toBe(1);
        if (d > r + 1.5) expect(at(grown, x, y)).toBe(0);
      }
    const shrunk = rasterizeMask([dot, { mode: 'grow', by: -6 }], view, 100, 100);
    expect(at(shrunk, 50, 50)).toBe(1);
    expect(at(shrunk, 50 + 6, 50)).toBe(0);
    expect(at(shrunk, 50 + 3, 50)).toBe(1);
  });

  it('shrinks a blob made of many thin strokes as one shape, not stroke by stroke', () => {
    const scribble = [20, 24, 28, 32, 36, 40].map((y) => paint(3, [[20, y], [80, y]]));
    const shrunk = rasterizeMask([...scribble, { mode: 'grow', by: -5 }], view, 100, 100);
    expect(at(shrunk, 50, 30)).toBe(1); // the middle of the filled band survives
    expect(at(shrunk, 50, 19)).toBe(0);
  });

  it('inverts only inside the rectangle, and twice is the identity', () => {
    const rect = { x: 20, y: 20, width: 60, height: 60 };
    const inv = rasterizeMask([dot, { mode: 'invert', rect }], view, 100, 100);
    expect(at(inv, 50, 50)).toBe(0);
    expect(at(inv, 25, 25)).toBe(1);
    expect(at(inv, 10, 10)).toBe(0);
    const twice = rasterizeMask([dot, { mode: 'invert', rect }, { mode: 'invert', rect }], view, 100, 100);
    expect(twice).toEqual(rasterizeMask([dot], view, 100, 100));
  });

  it('gives the same cells in a sub-view as in the whole (grow reaching in from outside)', () => {
    const ops = [paint(4, [[10, 50], [30, 50]]), { mode: 'grow', by: 12 } as const, { mode: 'invert', rect: { x: 0, y: 0, width: 100, height: 100 } } as const];
    const whole = rasterizeMask(ops, view, 100, 100);
    const part = rasterizeMask(ops, { x: 35, y: 30, width: 40, height: 40 }, 40, 40);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) expect(part[y * 40 + x]).toBe(at(whole, 35 + x, 30 + y));
  });
});
