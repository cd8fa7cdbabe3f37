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
