import { describe, expect, it } from 'vitest';
import { chooseDonors, detailSampler } from './detail';
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

describe('chooseDonors', () => {
  // every donor tried, in index order, the first best kept: what the pruned search must equal
  // (a donor already taken by a block just before, left or above, is passed over)
  const NEAR = [[-1, 0], [-2, 0], [-2, -1], [-1, -1], [0, -1], [1, -1], [2, -1], [0, -2]];
  function bruteForce(feats: Float32Array, dim: number, lc: Float32Array, isHole: Uint8Array, donors: number[], ll: Float32Array) {
    const choice = new Int32Array(isHole.length).fill(-1);
    const G = Math.round(Math.sqrt(isHole.length));
    for (let b = 0; b < isHole.length; b++) {
      if (!isHole[b]) continue;
      const x = b % G, y = Math.floor(b / G);
      const taken = NEAR.filter(([dx, dy]) => x + dx >= 0 && x + dx < G && y + dy >= 0).map(([dx, dy]) => choice[(y + dy) * G + x + dx]);
      let best = -Infinity;
      for (const k of donors) {
        if (taken.includes(k)) continue;
        let dot = 0;
        for (let i = 0; i < dim; i++) dot += feats[b * dim + i] * feats[k * dim + i];
        const score = dot - 0.25 * Math.abs(lc[k] - lc[b]) - 0.5 * Math.abs(ll[k] - ll[b]);
        if (score > best) {
          best = score;
          choice[b] = k;
        }
      }
    }
    return choice;
  }

  it('picks exactly the donor that trying every one picks, ties included', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial++) {
      const n = 400, dim = 12;
      const feats = new Float32Array(n * dim);
      for (let b = 0; b < n; b++) {
        // a few repeated patterns and contrasts, so equal scores happen
        const pattern = trial % 2 ? b % 7 : b;
        let norm = 0;
        for (let i = 0; i < dim; i++) norm += (feats[b * dim + i] = Math.sin(pattern * 12.9898 + i * 78.233 + trial) + (trial % 2 ? 0 : rand() - 0.5)) ** 2;
        for (let i = 0; i < dim; i++) feats[b * dim + i] /= Math.sqrt(norm);
      }
      const lc = Float32Array.from({ length: n }, (_, b) => (trial % 2 ? Math.log(4 + (b % 5)) : Math.log(4 + 60 * rand())));
      const isHole = Uint8Array.from({ length: n }, () => (rand() < 0.3 ? 1 : 0));
      const donors = [...Array(n).keys()].filter((b) => !isHole[b] && rand() < 0.8);
      const ll = Float32Array.from({ length: n }, (_, b) => (trial % 2 ? Math.log(16 + 40 * (b % 3)) : Math.log(16 + 200 * rand())));
      expect(chooseDonors(feats, dim, lc, isHole, donors, ll)).toEqual(bruteForce(feats, dim, lc, isHole, donors, ll));
    }
  });

  it('takes texture from a block as bright as the hole, not from a darker one of the same pattern', () => {
    // blocks 0 (hole) and 1, 2 (donors) share a pattern and a contrast; 1 is dark hair, 2 grey background like 0
    const feats = Float32Array.from([1, 0, 1, 0, 1, 0]);
    const lc = Float32Array.from([2, 2, 2]);
    const ll = Float32Array.from([100, 40, 100].map((l) => Math.log(l + 16)));
    expect(chooseDonors(feats, 2, lc, Uint8Array.from([1, 0, 0]), [1, 2], ll)[0]).toBe(2);
    expect(chooseDonors(feats, 2, lc, Uint8Array.from([1, 0, 0]), [1, 2])[0]).toBe(1); // brightness-blind: a tie, the lower index
  });

  it('gives neighbouring blocks of a smooth region different donors: no repeated tile', () => {
    // 16 x 16 blocks all alike (a flat wall): every donor scores the same for every block, and the
    // lowest index used to win everywhere, the same residual tiled over the whole hole
    const G = 16, n = G * G;
    const feats = new Float32Array(n * 2).fill(Math.SQRT1_2);
    const isHole = Uint8Array.from({ length: n }, (_, b) => (b % G >= 4 && b % G < 12 && Math.floor(b / G) >= 4 && Math.floor(b / G) < 12 ? 1 : 0));
    const donors = [...Array(n).keys()].filter((b) => !isHole[b]);
    const choice = chooseDonors(feats, 2, new Float32Array(n), isHole, donors, new Float32Array(n));
    for (let b = 0; b < n; b++) {
      if (!isHole[b]) continue;
      expect(donors).toContain(choice[b]);
      const x = b % G, y = Math.floor(b / G);
      for (const [dx, dy] of NEAR) if (isHole[(y + dy) * G + x + dx]) expect(choice[(y + dy) * G + x + dx]).not.toBe(choice[b]);
    }
  });

  it('leaves every block without a donor when there is none', () => {
    const choice = chooseDonors(new Float32Array(8), 2, new Float32Array(4), Uint8Array.from([1, 0, 1, 0]), []);
    expect([...choice]).toEqual([-1, -1, -1, -1]);
  });
});
