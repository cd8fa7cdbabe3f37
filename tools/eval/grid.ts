// A PNG grid for people to look at: one row per face, columns input (holes white), mask,
// stage 1, stage 2, stage 3, Navier-Stokes, original.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';

export async function saveGrid(path: string, rows: Uint8ClampedArray[][], R: number): Promise<void> {
  const cols = rows[0]?.length ?? 0;
  const out = Buffer.alloc(rows.length * cols * R * R * 4);
  const stride = cols * R * 4;
  rows.forEach((row, r) =>
    row.forEach((img, c) => {
      for (let y = 0; y < R; y++) {
        const dst = (r * R + y) * stride + c * R * 4;
        out.set(img.subarray(y * R * 4, (y + 1) * R * 4), dst);
      }
    }),
  );
  mkdirSync(dirname(path), { recursive: true });
  await sharp(out, { raw: { width: cols * R, height: rows.length * R, channels: 4 } }).png().toFile(path);
}
