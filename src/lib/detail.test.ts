import { describe, expect, it } from 'vitest';
import { detailSampler } from './detail';
import { pasteBack } from './pasteBack';
import { detailEnergy } from './realism';
import { cropResizeArea } from './resample';

// A 256 px photo: a smooth gradient with fine texture (a 2 px checker of +-20 grey levels) everywhere.
function texturedPhoto(size: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const base = 80 + (100 * x) / size;
      const tex = (Math.floor(x / 2) + Math.floor(y / 2)) % 2 ? 20 : -20;
      px.set([base + tex, base + tex, base + tex, 255], (y * size + x) * 4);
    }
  return px;
}

describe('detailSampler', () => {
  const size = 256, R = 128;
  const photo = texturedPhoto(size);
  const crop = { x: 0, y: 0, size };
  const cropAtR = cropResizeArea(photo, size, size, crop, R);
  const modelHole = new Float32Array(R * R);
  for (let y = 40; y < 88; y++) for (let x = 40; x < 88; x++) modelHole[y * R + x] = 1;
  const hole = new Float32Array(size * size);
  for (let y = 80; y < 176; y++) for (let x = 80; x < 176; x++) hole[y * size + x] = 1;
  // a model that fills the hole with the right smooth colours and no texture: the crop at R itself
  const restored = cropAtR;

  it('brings the photo’s own fine texture into the hole, and nothing changes outside it', () => {
    const detail = detailSampler({ photo, width: size, height: size, crop, R, cropAtR, painted: modelHole, restored });
    expect(detail).not.toBeNull();
    const plain = pasteBack(photo, size, size, restored, R, crop, hole);
    const rich = pasteBack(photo, size, size, restored, R, crop, hole, undefined, detail);
    const img = (data: Uint8ClampedArray) => ({ data, width: size, height: size, channels: 4 });
    const truth = detailEnergy(img(photo), hole);
    expect(detailEnergy(img(plain), hole) / truth).toBeLessThan(0.3); // upsampled: the texture is mostly gone
    expect(detailEnergy(img(rich), hole) / truth).toBeGreaterThan(0.7); // borrowed back
    let changedOutside = 0;
    for (let i = 0; i < size * size; i++) if (!hole[i] && rich[i * 4] !== photo[i * 4]) changedOutside++;
    expect(changedOutside).toBe(0);
  });

  it('does nothing when the crop is about the model’s size', () => {
    const small = cropResizeArea(photo, size, size, { x: 0, y: 0, size: 150 }, R);
    expect(detailSampler({ photo, width: size, height: size, crop: { x: 0, y: 0, size: 150 }, R, cropAtR: small, painted: modelHole, restored })).toBeNull();
  });

  it('does nothing when the hole leaves no clean block to borrow from', () => {
    expect(detailSampler({ photo, width: size, height: size, crop, R, cropAtR, painted: new Float32Array(R * R).fill(1), restored })).toBeNull();
  });

  it('lends a smooth block no more contrast than it has: bold edges stay out of a smooth fill', () => {
    // known: bold bars (8 px period, 100/200 grey) that show at R; the hole: smooth at R, filled flat
    const bars = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const v = Math.floor(x / 4) % 2 ? 200 : 100;
      bars.set([v, v, v, 255], (y * size + x) * 4);
    }
    const barsAtR = cropResizeArea(bars, size, size, crop, R);
    const flat = barsAtR.slice();
    for (let i = 0; i < R * R; i++) if (modelHole[i]) flat.set([150, 150, 150], i * 4);
    const detail = detailSampler({ photo: bars, width: size, height: size, crop, R, cropAtR: barsAtR, painted: modelHole, restored: flat });
    const out = pasteBack(bars, size, size, flat, R, crop, hole, undefined, detail);
    const img = (data: Uint8ClampedArray) => ({ data, width: size, height: size, channels: 4 });
    // inside the hole the fill stays about as smooth as the model made it
    expect(detailEnergy(img(out), hole) / detailEnergy(img(bars), hole)).toBeLessThan(0.05);
  });
});
