import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cosine, meanL1, psnr, ssim, type Image8 } from './metrics';
import { mulberry32 } from './rng';

function image(width: number, height: number, f: (x: number, y: number, c: number) => number): Image8 {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(f(x, y, c))));
  return { data, width, height, channels: 3 };
}

describe('metrics on known pairs', () => {
  const a = image(32, 24, (x, y, c) => 20 + 2 * x + 2 * y + 10 * c);
  it('identical images: infinite PSNR, SSIM 1, L1 0', () => {
    expect(psnr(a, a)).toBe(Infinity);
    expect(ssim(a, a)).toBeCloseTo(1, 12);
    expect(meanL1(a, a)).toBe(0);
  });
  it('a constant offset gives the known PSNR and L1', () => {
    const b = image(32, 24, (x, y, c) => 20 + 2 * x + 2 * y + 10 * c + 51); // +0.2 everywhere
    expect(psnr(a, b)).toBeCloseTo(10 * Math.log10(1 / 0.04), 9);
    expect(meanL1(a, b)).toBeCloseTo(0.2, 12);
  });
  it('reads RGBA images and ignores alpha', () => {
    const rgba = { data: new Uint8Array(a.width * a.height * 4), width: a.width, height: a.height, channels: 4 };
    for (let i = 0; i < a.width * a.height; i++) {
      rgba.data.set(a.data.subarray(i * 3, i * 3 + 3), i * 4);
      rgba.data[i * 4 + 3] = i % 256;
    }
    expect(psnr(a, rgba)).toBe(Infinity);
  });
  it('cosine of parallel and orthogonal vectors', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 3])).toBe(0);
  });
});

describe('SSIM agrees with scikit-image', () => {
  it('on generated fixtures (smooth, noisy, shifted, blurred)', () => {
    const rnd = mulberry32(11);
    const base = image(48, 40, (x, y, c) => 128 + 80 * Math.sin(x / 5 + c) * Math.cos(y / 7) + 20 * rnd());
    const pairs: Image8[][] = [
      [base, image(48, 40, (x, y, c) => base.data[(y * 48 + x) * 3 + c] + 30 * (rnd() - 0.5))],
      [base, image(48, 40, (x, y, c) => base.data[(y * 48 + Math.min(47, x + 2)) * 3 + c])],
      [base, image(48, 40, (x, y, c) => (base.data[(y * 48 + x) * 3 + c] + base.data[(y * 48 + Math.max(0, x - 1)) * 3 + c]) / 2 - 15)],
      [base, image(48, 40, () => 128)],
    ];
    const dir = mkdtempSync(join(tmpdir(), 'ssim-'));
    pairs.forEach(([p, q], i) => {
      writeFileSync(join(dir, `${i}a.bin`), p.data);
      writeFileSync(join(dir, `${i}b.bin`), q.data);
    });
    const py = `
import numpy as np, sys
from skimage.metrics import structural_similarity as s
d = sys.argv[1]
r = lambda f: np.fromfile(f, np.uint8).reshape(40, 48, 3) / 255.0
print(" ".join(str(s(r(f"{d}/{i}a.bin"), r(f"{d}/{i}b.bin"), channel_axis=2, data_range=1.0)) for i in range(${pairs.length})))
`;
    const res = spawnSync('/usr/bin/python3', ['-c', py, dir], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const want = res.stdout.trim().split(' ').map(Number);
    pairs.forEach(([p, q], i) => expect(Math.abs(ssim(p, q) - want[i])).toBeLessThan(1e-6));
  });
});
