import { describe, expect, it } from 'vitest';
import { paintLeavesCrop } from './cropClip';
import { imagePoint } from './geometry';
import type { Stroke } from './strokes';

const stroke = (x: number, y: number, radius = 10): Stroke => ({ mode: 'paint', radius, points: [imagePoint(x, y)] });

describe('paintLeavesCrop', () => {
  const crop = { x: 100, y: 0, size: 200 }; // photo 400 x 200: the box meets the top and bottom edges
  it('warns when paint reaches photo outside the box', () => {
    expect(paintLeavesCrop([stroke(105, 100)], crop, 400, 200)).toBe(true); // into the photo on the left
    expect(paintLeavesCrop([stroke(295, 100)], crop, 400, 200)).toBe(true); // and on the right
  });
  it('does not warn for a brush that only runs past the photo’s own edge', () => {
    expect(paintLeavesCrop([stroke(200, 3)], crop, 400, 200)).toBe(false);
    expect(paintLeavesCrop([stroke(200, 197)], crop, 400, 200)).toBe(false);
    expect(paintLeavesCrop([stroke(200, 100)], crop, 400, 200)).toBe(false);
  });
  it('ignores erasing', () => {
    expect(paintLeavesCrop([{ ...stroke(105, 100), mode: 'erase' }], crop, 400, 200)).toBe(false);
  });
});
