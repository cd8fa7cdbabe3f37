// "Imagine 4": four seeds, four thumbnails, pick one for download; the seed shown reproduces it.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AppPage, decodePng, SAMPLE_PATH, SHOTS } from './fixtures/app';

const W = 512;

test('Imagine 4 shows four seeded faces; the picked one downloads; its seed reproduces it', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await page.getByTestId('tool-crop').click();
  await app.drag([W - 1, W - 1], [236, 236], W, W);
  await app.drag([100, 100], [240, 136], W, W);
  await page.keyboard.press('b');
  await app.paint([[215, 128], [250, 124], [290, 130]], W, W);
  await app.paint([[230, 175], [262, 182], [285, 172]], W, W);

  await page.getByTestId('imagine').click();
  await expect(page.getByTestId('variants')).toBeVisible();
  await expect(page.getByTestId('variant-3')).toBeVisible({ timeout: 170_000 });
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'done');
  const seeds = await Promise.all([0, 1, 2, 3].map(async (i) => Number(await page.getByTestId(`variant-${i}`).getAttribute('data-seed'))));
  expect(new Set(seeds).size).toBe(4);
  for (const [i, seed] of seeds.entries()) await expect(page.getByTestId(`variant-${i}`)).toContainText(`Seed ${seed}`);
  await expect(page.getByTestId('variant-0')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('variants').scrollIntoViewIfNeeded();
  await app.shot('imagine-01-four-faces.png');

  // Pick the third with the keyboard-reachable button; the seed field shows its seed.
  await page.getByTestId('variant-2').click();
  await expect(page.getByTestId('variant-2')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('variant-0')).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('seed')).toHaveValue(String(seeds[2]));
  const third = await app.canvasPixels('variant-img-2');
  const first = await app.canvasPixels('variant-img-0');
  const differing = third.data.reduce((n, v, i) => n + (v !== first.data[i] ? 1 : 0), 0);
  console.log(`variant 0 vs 2: ${differing} of ${third.data.length} bytes differ`);
  expect(differing, 'different seeds give different pixels').toBeGreaterThan(0);

  // The download is the picked face.
  const save = async (name: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const path = `${SHOTS}/../${name}`;
    await download.saveAs(path);
    return decodePng(readFileSync(path));
  };
  const picked = await save('imagine-picked-2.png');
  await page.getByTestId('variant-0').click();
  const other = await save('imagine-picked-0.png');
  expect([picked.width, picked.height]).toEqual([W, W]);
  expect(Buffer.compare(Buffer.from(picked.data), Buffer.from(other.data))).not.toBe(0);

  // Typing the third seed back in and restoring gives the same pixels, byte for byte.
  await page.getByTestId('seed').fill(String(seeds[2]));
  await app.restoreAgain();
  const again = await app.canvasPixels('stage-refine');
  expect(Buffer.from(again.data).equals(Buffer.from(third.data))).toBe(true);
  const redo = await save('imagine-reseeded-2.png');
  expect(Buffer.from(redo.data).equals(Buffer.from(picked.data))).toBe(true);
});
