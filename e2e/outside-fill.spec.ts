// Every painted pixel gets filled: strokes beyond the face box and the square twice its size around
// it (hair, background, clothes) get the classical fill at full resolution, and the page says which
// method filled what.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { imagePoint } from '../src/lib/geometry';
import { rasterizeMask } from '../src/lib/rasterize';
import type { Stroke } from '../src/lib/strokes';
import { AppPage, expectRestored, decodePng, readSample, SAMPLE_PATH, SHOTS } from './fixtures/app';

const INSIDE: [number, number][] = [[150, 160], [190, 170]];
const OUTSIDE: [number, number][] = [[400, 430], [470, 450]];

test('a stroke outside the face box is filled too, and the result says by what', async ({ page }) => {
  const app = new AppPage(page);
  const original = readSample();
  const { width: W, height: H } = original;
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await page.getByTestId('tool-crop').click();
  // a small box in the corner: the outside stroke lies beyond the square twice its size too
  await app.drag([W - 1, H - 1], [200, 200], W, H);
  const crop = await app.crop();
  expect(crop.size).toBeLessThan(220);
  await page.getByTestId('tool-brush').click();
  const brush = Number(await page.getByTestId('brush-size').getAttribute('data-size'));
  await app.paint(INSIDE, W, H);
  await app.paint(OUTSIDE, W, H);
  await expect(page.getByTestId('crop-clip-hint')).toContainText('classical fill');
  await app.clickRestore();
  await expectRestored(page);
  await expect(page.getByTestId('outside-fill')).toContainText('filled by a smooth classical fill, not the face model');
  await app.shot('outside-fill-01-result.png');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  const path = `${SHOTS}/../outside-fill-restored.png`;
  await download.saveAs(path);
  const out = decodePng(readFileSync(path));
  const stroke = (pts: [number, number][], extra: number): Stroke => ({ mode: 'paint', radius: brush / 2 + extra, points: pts.map(([x, y]) => imagePoint(x, y)) });
  const reach = rasterizeMask([stroke(INSIDE, 3), stroke(OUTSIDE, 3)], { x: 0, y: 0, width: W, height: H }, W, H);
  const outsideCore = rasterizeMask([stroke(OUTSIDE, -3)], { x: 0, y: 0, width: W, height: H }, W, H);
  let strayed = 0, core = 0, coreChanged = 0;
  for (let i = 0; i < W * H; i++) {
    const differs = [0, 1, 2].some((c) => out.data[i * 4 + c] !== original.data[i * 4 + c]);
    if (differs && !reach[i]) strayed++;
    if (outsideCore[i]) {
      core++;
      if (differs) coreChanged++;
    }
  }
  expect(strayed, 'pixels changed away from the strokes').toBe(0);
  expect(coreChanged / core, 'share of the outside stroke that was filled').toBeGreaterThan(0.9);
});

test('paint only outside the face box: the classical fill alone, said so', async ({ page }) => {
  const app = new AppPage(page);
  const { width: W, height: H } = readSample();
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await page.getByTestId('tool-crop').click();
  await app.drag([W - 1, H - 1], [300, 300], W, H);
  await page.getByTestId('tool-brush').click();
  await app.paint(OUTSIDE, W, H);
  await app.clickRestore();
  await expect(page.getByTestId('outside-fill')).toContainText('All the paint lies outside the face box');
  await expect(page.getByTestId('notice')).toHaveCount(0);
});
