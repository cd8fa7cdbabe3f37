import { describe, expect, it } from 'vitest';
import { cropForFace, DEFAULT_FACE_CROP, faceCropConvention } from './faceCrop';

describe('face crop convention', () => {
  it('reads the manifest, falling back to scale 1.25 centred', () => {
    expect(faceCropConvention({ faceCrop: { scale: 0.968, dx: 0.026, dy: -0.052 } })).toEqual({ scale: 0.968, dx: 0.026, dy: -0.052 });
    expect(faceCropConvention({})).toEqual(DEFAULT_FACE_CROP);
    expect(faceCropConvention({ faceCrop: { scale: 'x' } })).toEqual(DEFAULT_FACE_CROP);
    expect(faceCropConvention(null)).toEqual(DEFAULT_FACE_CROP);
  });

  it('sizes and centres the crop on the box as stated', () => {
    const crop = cropForFace({ x: 400, y: 300, width: 200, height: 240 }, { scale: 1.5, dx: 0.1, dy: -0.25 }, 2000, 1500);
    expect(crop.size).toBe(360);
    expect(crop.x + crop.size / 2).toBeCloseTo(400 + 100 + 20, 0);
    expect(crop.y + crop.size / 2).toBeCloseTo(300 + 120 - 60, 0);
  });

  it('stays inside the photo: shifted at an edge, shrunk when larger than the photo', () => {
    expect(cropForFace({ x: 0, y: 10, width: 100, height: 100 }, DEFAULT_FACE_CROP, 1000, 800)).toEqual({ x: 0, y: 0, size: 125 });
    expect(cropForFace({ x: 10, y: 10, width: 300, height: 300 }, DEFAULT_FACE_CROP, 320, 300)).toEqual({ x: 10, y: 0, size: 300 });
  });
});
