import { describe, expect, it } from 'vitest';
import { contextCrop, fadeAtCropEdges, paintBeyondFaces } from './contextCrop';
import { pasteAll, runInput } from './runInput';
import { imagePoint } from './geometry';
import type { Stroke } from './strokes';

describe('contextCrop', () => {
  it('is twice the face crop, centred on it, inside the photo', () => {
    expect(contextCrop({ x: 400, y: 300, size: 200 }, 1200, 1000)).toEqual({ x: 300, y: 200, size: 400 });
    // shifted to fit at the photo's edge
    expect(contextCrop({ x: 0, y: 0, size: 200 }, 1200, 1000)).toEqual({ x: 0, y: 0, size: 400 });
    // no larger than the photo's short side
    expect(contextCrop({ x: 100, y: 50, size: 300 }, 500, 400)).toEqual({ x: 50, y: 0, size: 400 });
  });
  it('is null when the photo leaves no room', () => {
    expect(contextCrop({ x: 0, y: 0, size: 512 }, 512, 512)).toBeNull();
  });
});

describe('fadeAtCropEdges', () => {
  it('fades to 0 at the face crop’s inner edges and leaves the photo’s edges and the middle alone', () => {
    const face = { x: 0, y: 100, size: 100 }, context = { x: 0, y: 50, size: 200 };
    const region = { x: 0, y: 100, width: 100, height: 100 };
    const alpha = new Float32Array(100 * 100).fill(1);
    fadeAtCropEdges(alpha, region, face, context, 10);
    expect(alpha[50 * 100 + 0]).toBe(1); // the left side is the photo's edge too: nothing to fade into
    expect(alpha[50 * 100 + 99]).toBeLessThan(0.06); // right edge
    expect(alpha[0 * 100 + 50]).toBeLessThan(0.06); // top edge
    expect(alpha[50 * 100 + 50]).toBe(1);
    expect(alpha[50 * 100 + 94]).toBeCloseTo(0.55, 5);
  });
});

describe('the wider pass', () => {
  const W = 400, R = 32;
  const photo = { width: W, height: W, pixels: new Uint8ClampedArray(W * W * 4).fill(100) };
  const face = { x: 100, y: 100, size: 200 };
  const across: Stroke = { mode: 'paint', radius: 20, points: [imagePoint(150, 200), imagePoint(350, 200)] };
  const within: Stroke = { mode: 'paint', radius: 6, points: [imagePoint(150, 200), imagePoint(250, 200)] };
  const wide = contextCrop(face, W, W)!;

  // each pass's answer: the photo where it is known, its own flat colour in its hole (a model
  // puts the known pixels back, so its answer meets the photo at the hole's edge)
  const answer = (crop: typeof face, v: number) => {
    const input = runInput(photo, crop, [across], R);
    const restored = input.rgba.slice();
    input.mask.forEach((m, i) => m && restored.fill(v, i * 4, i * 4 + 3));
    return { crop, restored, input };
  };

  it('runs only when paint lies beyond the face crops', () => {
    expect(paintBeyondFaces(runInput(photo, wide, [across], R).painted, wide, [face], R)).toBe(true);
    expect(paintBeyondFaces(runInput(photo, wide, [within], R).painted, wide, [face], R)).toBe(false);
    expect(paintBeyondFaces(runInput(photo, wide, [across], R).painted, wide, [face, { x: 250, y: 100, size: 150 }], R)).toBe(false);
    // a stroke that only grazes the box edge: the classical fill will do
    const grazing: Stroke = { mode: 'paint', radius: 6, points: [imagePoint(250, 200), imagePoint(306, 200)] };
    expect(paintBeyondFaces(runInput(photo, wide, [grazing], R).painted, wide, [face], R)).toBe(false);
  });

  it('fills the paint beyond the face box with its own answer, and the face fades into it at the box edge', () => {
    const out = pasteAll(photo, [across], R, [answer(face, 200)], answer(wide, 40)).pixels;
    const at = (x: number, y: number) => out[(y * W + x) * 4];
    // (the seam membrane pulls both flat fills towards the photo's 100 around them)
    expect(at(330, 200)).toBeLessThan(80); // beyond the face box: the wider pass
    expect(at(200, 200)).toBeGreaterThan(150); // deep in the face box: the face pass
    expect(at(298, 200)).toBeLessThan(at(200, 200) - 60); // at the box edge: mostly the wider pass, no seam
    expect(at(200, 150)).toBe(100); // unpainted pixels untouched
  });

  it('writes into a copy of the photo made beforehand with the same result, and never into the photo', () => {
    const before = photo.pixels.slice();
    const fresh = pasteAll(photo, [across], R, [answer(face, 200)], answer(wide, 40)).pixels;
    const spare = photo.pixels.slice();
    const into = pasteAll(photo, [across], R, [answer(face, 200)], answer(wide, 40), spare).pixels;
    const differ = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);
    expect(differ(into, fresh)).toBe(0);
    expect(differ(photo.pixels, before)).toBe(0);
    // the wider pass (the first) wrote into the spare copy; the face over it got its own buffer
    expect(differ(spare, before)).toBeGreaterThan(0);
    // a single face writes its whole result into the spare copy
    const single = photo.pixels.slice();
    expect(pasteAll(photo, [within], R, [answer(face, 200)], undefined, single).pixels).toBe(single);
  });
});
