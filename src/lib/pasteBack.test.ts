import { describe, expect, it } from 'vitest';
import { distanceToSet } from './distance';
import { imagePoint } from './geometry';
import { blendRegion, featherFor, featheredAlpha, pasteBack } from './pasteBack';
import { rasterizeMask } from './rasterize';
import { cropResizeArea } from './resample';

function noisePhoto(w: number, h: number, seed = 1) {
  const px = new Uint8ClampedArray(w * h * 4);
  let s = seed;
  for (let i = 0; i < px.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    px[i] = i % 4 === 3 ? 255 - (i % 7) : s >>> 24; // varied alpha too: it must survive untouched
  }
  return px;
}

describe('distanceToSet', () => {
  it('matches brute force', () => {
    const w = 23, h = 17;
    const inside = new Uint8Array(w * h);
    for (const i of [5, 77, 200, 390]) inside[i] = 1;
    const d = distanceToSet(inside, w, h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let best = Infinity;
        inside.forEach((v, i) => v && (best = Math.min(best, Math.hypot((i % w) - x, Math.floor(i / w) - y))));
        expect(d[y * w + x]).toBeCloseTo(best, 4);
      }
  });
});

describe('pasteBack', () => {
  const W = 300, H = 220, R = 64;
  const crop = { x: 60, y: 10, size: 200 };
  const strokes = [{ mode: 'paint' as const, radius: 12, points: [imagePoint(120, 80), imagePoint(190, 120)] }];

  it('leaves every pixel outside the feathered mask bit-identical, and changes the hole', () => {
    const original = noisePhoto(W, H);
    const restored = new Uint8ClampedArray(R * R * 4).fill(17); // clearly different everywhere
    const hole = rasterizeMask(strokes, { x: crop.x, y: crop.y, width: crop.size, height: crop.size }, crop.size, crop.size);
    const feather = featherFor(crop.size, R);
    const alpha = featheredAlpha(hole, crop.size, crop.size, feather);
    const out = pasteBack(original, W, H, restored, R, crop, alpha, undefined, null, null); // the blend alone
    let outside = 0, changedInHole = 0, holeCount = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const p = (y * W + x) * 4;
        const inCrop = x >= crop.x && x < crop.x + crop.size && y >= crop.y && y < crop.y + crop.size;
        const a = inCrop ? alpha[(y - crop.y) * crop.size + (x - crop.x)] : 0;
        expect(out[p + 3]).toBe(original[p + 3]);
        if (a === 0) {
          outside++;
          for (let c = 0; c < 3; c++) expect(out[p + c]).toBe(original[p + c]);
        }
        if (inCrop && hole[(y - crop.y) * crop.size + (x - crop.x)] === 1) {
          holeCount++;
          expect(a).toBe(1);
          if (out[p] === 17 && out[p + 1] === 17 && out[p + 2] === 17) changedInHole++;
        }
      }
    expect(holeCount).toBeGreaterThan(1000);
    expect(changedInHole).toBe(holeCount);
    expect(outside).toBeGreaterThan(W * H * 0.8);
  });

  it('reaches no further than grow + feather from the painted stroke', () => {
    const hole = rasterizeMask(strokes, { x: crop.x, y: crop.y, width: crop.size, height: crop.size }, crop.size, crop.size);
    const f = featherFor(crop.size, R);
    const alpha = featheredAlpha(hole, crop.size, crop.size, f);
    const reach = strokes[0].radius + 1.5 + f.grow + f.feather; // + half a pixel diagonal + the pixel-centre offset
    for (let cy = 0; cy < crop.size; cy++)
      for (let cx = 0; cx < crop.size; cx++) {
        const x = crop.x + cx, y = crop.y + cy;
        const [a, b] = strokes[0].points;
        const t = Math.max(0, Math.min(1, ((x - a.x) * (b.x - a.x) + (y - a.y) * (b.y - a.y)) / ((b.x - a.x) ** 2 + (b.y - a.y) ** 2)));
        const d = Math.hypot(x - (a.x + t * (b.x - a.x)), y - (a.y + t * (b.y - a.y)));
        if (d > reach) expect(alpha[cy * crop.size + cx]).toBe(0);
      }
  });

  it('replaces exactly the painted pixels, eraser included', () => {
    const withEraser = [...strokes, { mode: 'erase' as const, radius: 6, points: [imagePoint(150, 95)] }];
    for (const [size, modelSize] of [[200, 64], [200, 128], [128, 128], [180, 32], [1024, 128]]) {
      const view = { x: 60, y: 10, width: size, height: size };
      const painted = rasterizeMask(withEraser, view, size, size);
      const alpha = featheredAlpha(painted, size, size, featherFor(size, modelSize));
      let notPainted = 0;
      for (let i = 0; i < painted.length; i++) if (alpha[i] !== painted[i]) notPainted++;
      expect({ size, modelSize, notPainted }).toEqual({ size, modelSize, notPainted: 0 });
    }
  });

  it('gives the same result on the blend region alone as on the whole crop', () => {
    const original = noisePhoto(W, H, 7);
    const restored = noisePhoto(R, R, 9);
    const f = featherFor(crop.size, R);
    const whole = pasteBack(original, W, H, restored, R, crop, featheredAlpha(rasterizeMask(strokes, { x: crop.x, y: crop.y, width: crop.size, height: crop.size }, crop.size, crop.size), crop.size, crop.size, f), undefined, null, null);
    const region = blendRegion(strokes, crop, f)!;
    expect(region.width * region.height).toBeLessThan(crop.size * crop.size / 3);
    const part = pasteBack(original, W, H, restored, R, crop, featheredAlpha(rasterizeMask(strokes, region, region.width, region.height), region.width, region.height, f), region, null, null);
    expect(part).toEqual(whole);
    expect(blendRegion([{ ...strokes[0], points: [imagePoint(5, 5)] }], crop, f)).toBeNull();
  });

  it('reproduces the photo when the restored crop is the photo itself (up to resampling)', () => {
    const flat = new Uint8ClampedArray(W * H * 4).fill(120);
    const restored = cropResizeArea(flat, W, H, crop, R);
    const alpha = new Float32Array(crop.size * crop.size).fill(1);
    const out = pasteBack(flat, W, H, restored, R, crop, alpha);
    expect(out.every((v) => v === 120)).toBe(true);
  });

  describe('the seam membrane', () => {
    // A 512 px crop at R = 128 (cells of 4 px) and a perfect model: its result at R is the photo
    // area-resized, so whatever the paste-back gets wrong is the upsampling's doing.
    const S = 512, M = 128;
    const whole = { x: 0, y: 0, size: S };
    const photo = (colour: (x: number, y: number) => number) => {
      const px = new Uint8ClampedArray(S * S * 4);
      for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) px.set([colour(x, y), colour(x, y) * 0.8, 40, 255], (y * S + x) * 4);
      return px;
    };
    const holeError = (out: Uint8ClampedArray, truth: Uint8ClampedArray, hole: Float32Array) => {
      let sum = 0, n = 0;
      hole.forEach((h, i) => {
        if (!h) return;
        for (let c = 0; c < 3; c++) sum += Math.abs(out[i * 4 + c] - truth[i * 4 + c]);
        n += 3;
      });
      return sum / n;
    };
    // sharp edges every 13 px (some cells straddle them), a fine pattern the cells blur
    const edges = photo((x, y) => (Math.floor((x + 0.3 * y) / 13) % 2 ? 210 : 50));

    it('carries sharp edges across a thin scratch, where the upsampled fill blurs them', () => {
      const hole = new Float32Array(S * S);
      for (let y = 200; y < 203; y++) for (let x = 40; x < 470; x++) hole[y * S + x] = 1; // a 3 px scratch
      const atR = cropResizeArea(edges, S, S, whole, M);
      const plain = holeError(pasteBack(edges, S, S, atR, M, whole, hole, undefined, null, null), edges, hole);
      const seamed = holeError(pasteBack(edges, S, S, atR, M, whole, hole), edges, hole);
      expect(plain).toBeGreaterThan(10);
      expect(seamed).toBeLessThan(plain * 0.8); // measured: 11.9 to 8.6 grey levels
    });

    it('leaves the model\'s fill deep inside a large hole, and the known pixels untouched', () => {
      const hole = new Float32Array(S * S);
      for (let y = 100; y < 400; y++) for (let x = 100; x < 400; x++) hole[y * S + x] = 1;
      const atR = cropResizeArea(edges, S, S, whole, M);
      const out = pasteBack(edges, S, S, atR, M, whole, hole);
      const plain = pasteBack(edges, S, S, atR, M, whole, hole, undefined, null, null);
      let far = 0;
      for (let y = 180; y < 320; y++)
        for (let x = 180; x < 320; x++) {
          const p = (y * S + x) * 4;
          for (let c = 0; c < 3; c++) far = Math.max(far, Math.abs(out[p + c] - plain[p + c]));
        }
      expect(far).toBeLessThan(8);
      let changed = 0;
      hole.forEach((h, i) => {
        if (!h) for (let c = 0; c < 4; c++) if (out[i * 4 + c] !== edges[i * 4 + c]) changed++;
      });
      expect(changed).toBe(0);
    });

    it('removes a colour offset between the fill and the photo around it', () => {
      const flat = photo(() => 120);
      const hole = new Float32Array(S * S);
      for (let y = 150; y < 250; y++) for (let x = 150; x < 250; x++) hole[y * S + x] = 1;
      const darker = cropResizeArea(flat, S, S, whole, M).map((v, i) => (i % 4 === 3 ? v : v - 30)); // a fill 30 levels too dark
      expect(holeError(pasteBack(flat, S, S, darker, M, whole, hole, undefined, null, null), flat, hole)).toBeGreaterThan(15);
      expect(holeError(pasteBack(flat, S, S, darker, M, whole, hole), flat, hole)).toBeLessThan(2);
    });
  });
});
