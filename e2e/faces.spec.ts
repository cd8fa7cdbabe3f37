// Every face: a photo with two faces finds both, offers to pick either, and restores both (each
// through its own crop) when both are painted on; a tight face crop, where the face fills the
// frame, is still found. Images are made here from the public-domain sample portrait; the group
// photo test reads the shared data where it is present.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { imagePoint } from '../src/lib/geometry';
import { rasterizeMask } from '../src/lib/rasterize';
import type { Stroke } from '../src/lib/strokes';
import { AppPage, expectRestored, decodePng, readSample, ROOT, SHOTS } from './fixtures/app';

const SHARED_PHOTOS = join(ROOT, '..', 'shared', 'data', 'photos', 'whole');

/** The sample twice, side by side: 1024 x 512. */
function twoFaces(): Buffer {
  const s = readSample();
  const png = new PNG({ width: 2 * s.width, height: s.height });
  for (let y = 0; y < s.height; y++)
    for (let k = 0; k < 2; k++) png.data.set(s.data.subarray(y * s.width * 4, (y + 1) * s.width * 4), (y * 2 * s.width + k * s.width) * 4);
  return PNG.sync.write(png);
}

/** A tight crop of the sample's face (it fills the frame), scaled up 4x: 360 x 360. */
function tightFace(): Buffer {
  const s = readSample();
  const x0 = 180, y0 = 60, side = 90, k = 4; // brows to chin, ear to ear
  const png = new PNG({ width: side * k, height: side * k });
  for (let y = 0; y < side * k; y++)
    for (let x = 0; x < side * k; x++) {
      const from = ((y0 + Math.floor(y / k)) * s.width + x0 + Math.floor(x / k)) * 4;
      png.data.set(s.data.subarray(from, from + 4), (y * side * k + x) * 4);
    }
  return PNG.sync.write(png);
}

const LEFT: [number, number][] = [[200, 110], [250, 120]];
const RIGHT: [number, number][] = [[712, 110], [762, 120]];

test('a two-face photo: both found, either can be picked, both restored', async ({ page }) => {
  const app = new AppPage(page);
  const bytes = twoFaces();
  const original = decodePng(bytes);
  const { width: W, height: H } = original;
  await app.open('?ep=wasm', { autoCrop: true });
  await app.uploadBytes('two.png', 'image/png', bytes);
  await expect(page.getByTestId('faces')).toContainText('2 faces found', { timeout: 60_000 });
  await page.getByTestId('face-2').click();
  const second = await app.crop();
  expect(second.x).toBeGreaterThan(W / 2 - 60); // the right-hand face
  await page.getByTestId('face-1').click();
  expect((await app.crop()).x + (await app.crop()).size).toBeLessThan(W / 2 + 60);
  const brush = Number(await page.getByTestId('brush-size').getAttribute('data-size'));
  await app.paint(LEFT, W, H);
  await app.paint(RIGHT, W, H);
  await app.clickRestore();
  await expectRestored(page);
  await expect(page.getByTestId('restored-in')).toContainText('Restored 2 faces');
  await expect(page.getByTestId('outside-fill')).toHaveCount(0); // both strokes lie on faces: no classical fill
  await app.shot('faces-01-two-restored.png');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  const path = `${SHOTS}/../two-restored.png`;
  await download.saveAs(path);
  const out = decodePng(readFileSync(path));
  const core = (pts: [number, number][]): Stroke => ({ mode: 'paint', radius: brush / 2 - 3, points: pts.map(([x, y]) => imagePoint(x, y)) });
  for (const pts of [LEFT, RIGHT]) {
    const m = rasterizeMask([core(pts)], { x: 0, y: 0, width: W, height: H }, W, H);
    let n = 0, changed = 0;
    for (let i = 0; i < W * H; i++) {
      if (!m[i]) continue;
      n++;
      if ([0, 1, 2].some((c) => out.data[i * 4 + c] !== original.data[i * 4 + c])) changed++;
    }
    expect(changed / n, `share of the stroke at ${pts[0]} restored`).toBeGreaterThan(0.9);
  }
});

test('a tight face crop (the face fills the photo) is found', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm', { autoCrop: true });
  await app.uploadBytes('tight.png', 'image/png', tightFace());
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-status', 'found', { timeout: 60_000 });
});

// A group photo from the shared data (four men side by side, faces about 200 px; not committed).
// The tiny detector at 320 px input put its top boxes on the hair between two of them.
const GROUP = join(SHARED_PHOTOS, '02.png');
// The four faces' centres in the photo's pixels (1204 x 645), read off the image by hand.
const GROUP_FACES = [[214, 152], [466, 205], [690, 201], [931, 216]];

test('a group photo: every face found, each box on a face, none on hair between them', async ({ page }) => {
  test.skip(!existsSync(GROUP), 'needs ../shared/data (photos/whole)');
  const app = new AppPage(page);
  await app.open('?ep=wasm', { autoCrop: true });
  await app.upload(GROUP);
  await expect(page.getByTestId('faces')).toContainText('4 faces found', { timeout: 60_000 });
  const near = (c: { x: number; y: number; size: number }) => {
    const cx = c.x + c.size / 2, cy = c.y + c.size / 2;
    return GROUP_FACES.findIndex(([fx, fy]) => Math.hypot(cx - fx, cy - fy) < 60);
  };
  const hit = new Set<number>();
  expect(near(await app.crop()), 'the first crop box lies on a face').toBeGreaterThanOrEqual(0);
  for (let i = 1; i <= 4; i++) {
    await page.getByTestId(`face-${i}`).click();
    const c = await app.crop();
    expect(near(c), `face ${i} at ${JSON.stringify(c)}`).toBeGreaterThanOrEqual(0);
    expect(c.size).toBeGreaterThan(150);
    expect(c.size).toBeLessThan(320);
    hit.add(near(c));
  }
  expect(hit.size).toBe(4);
  await app.shot('faces-02-group.png');
});
