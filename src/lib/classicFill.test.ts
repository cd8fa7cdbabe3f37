import { describe, expect, it } from 'vitest';
import { fillSmooth } from './classicFill';

describe('fillSmooth', () => {
  it('fills a hole in a gradient with the gradient, and leaves known pixels alone', () => {
    const W = 64, H = 48;
    const rgba = new Uint8ClampedArray(W * H * 4);
    const truth = new Uint8ClampedArray(W * H * 4);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) truth.set([x * 3, 200 - y * 2, 100, 255], (y * W + x) * 4);
    rgba.set(truth);
    const hole = new Uint8Array(W * H);
    for (let y = 10; y < 30; y++) for (let x = 20; x < 44; x++) {
      hole[y * W + x] = 1;
      rgba.set([255, 0, 255], (y * W + x) * 4); // the damage
    }
    expect(fillSmooth(rgba, W, H, hole)).toBe(true);
    let worst = 0;
    for (let i = 0; i < W * H; i++) {
      for (let k = 0; k < 3; k++) {
        if (!hole[i]) expect(rgba[i * 4 + k]).toBe(truth[i * 4 + k]);
        else worst = Math.max(worst, Math.abs(rgba[i * 4 + k] - truth[i * 4 + k]));
      }
    }
    expect(worst).toBeLessThan(20); // smooth and close; a linear ramp is what a membrane gives back
  });

  it('refuses when nothing is known', () => {
    const rgba = new Uint8ClampedArray(8 * 8 * 4).fill(7);
    expect(fillSmooth(rgba, 8, 8, new Uint8Array(64).fill(1))).toBe(false);
    expect(rgba[0]).toBe(7);
  });
});
