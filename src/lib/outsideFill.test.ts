import { describe, expect, it } from 'vitest';
import { imagePoint } from './geometry';
import { fillOutsideCrops } from './outsideFill';
import type { Stroke } from './strokes';

describe('fillOutsideCrops', () => {
  const W = 120, H = 80;
  const photo = () => {
    const px = new Uint8ClampedArray(W * H * 4);
    for (let i = 0; i < W * H; i++) px.set([90, 140, 190, 255], i * 4);
    return px;
  };
  it('fills painted pixels outside the crop and nothing inside it or unpainted', () => {
    const px = photo();
    const stroke: Stroke = { mode: 'paint', radius: 6, points: [imagePoint(20, 40), imagePoint(100, 40)] };
    // the damage under the whole stroke
    for (let y = 34; y <= 46; y++) for (let x = 20; x <= 100; x++) px.set([255, 0, 0], (y * W + x) * 4); // inside the stroke
    const crop = { x: 40, y: 10, size: 40 }; // x 40-79, y 10-49
    const filled = fillOutsideCrops(px, W, H, [crop], [stroke]);
    expect(filled).toBeGreaterThan(500);
    // left and right of the box: filled from the blue around (the red left inside the box, which the
    // face model would have restored, reaches a thin stroke's fill only within a few pixels of the box)
    const near = (x: number) => Array.from(px.subarray((40 * W + x) * 4, (40 * W + x) * 4 + 3)).map((v, k) => Math.abs(v - [90, 140, 190][k]));
    expect(Math.max(...near(20))).toBeLessThanOrEqual(3);
    expect(Math.max(...near(100))).toBeLessThanOrEqual(3);
    expect(Array.from(px.subarray((40 * W + 60) * 4, (40 * W + 60) * 4 + 3))).toEqual([255, 0, 0]); // inside: the face model's job
    expect(Array.from(px.subarray((5 * W + 5) * 4, (5 * W + 5) * 4 + 4))).toEqual([90, 140, 190, 255]); // untouched
  });
  it('fills nothing when all the paint is inside the crop', () => {
    const px = photo();
    const stroke: Stroke = { mode: 'paint', radius: 5, points: [imagePoint(60, 20)] };
    expect(fillOutsideCrops(px, W, H, [{ x: 40, y: 0, size: 40 }], [stroke])).toBe(0);
    expect(fillOutsideCrops(px, W, H, [{ x: 0, y: 0, size: 20 }, { x: 40, y: 0, size: 40 }], [stroke])).toBe(0); // any of several crops
  });
});
