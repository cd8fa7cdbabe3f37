// Taking another stage's face into the photo: where stage 3 draws something wrong (here the ghost
// eye it draws on the sample with the crop box moved off the face by hand), stage 2's can be used.
import { expect, test } from '@playwright/test';
import { AppPage, downloadPng as download, expectRestored, readSample, SAMPLE_PATH, type Rgba } from './fixtures/app';

const STROKES: [number, number][][] = [[[215, 128], [250, 124], [290, 130]], [[230, 175], [262, 182], [285, 172]]];

/** Pixels where a and b differ, and how many of those lie where `allowed` is false. */
function differing(a: Rgba, b: Rgba, allowed: (x: number, y: number) => boolean) {
  let n = 0, outside = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) {
        n++;
        if (!allowed(x, y)) outside++;
      }
    }
  return { n, outside };
}

test('another stage’s face can be put into the photo, and stage 3’s back again', async ({ page }) => {
  const app = new AppPage(page);
  const original = readSample();
  const W = original.width;
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await expect(page.getByTestId('photo-meta')).toContainText(`${W}×${W}`);
  // the crop box of e2e/restore.spec.ts: moved off the face by hand
  await page.getByTestId('tool-crop').click();
  await app.drag([W - 1, W - 1], [236, 236], W, W);
  await app.drag([100, 100], [240, 136], W, W);
  await page.getByTestId('tool-brush').click();
  for (const s of STROKES) await app.paint(s, W, W);
  await app.clickRestore();
  await expectRestored(page);

  // stage 3 is in the photo; the others can be taken
  await expect(page.getByTestId('use-refine')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('use-structure')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('use-prior')).toHaveAttribute('aria-pressed', 'false');
  const refine = await download(page, 'stage-pick-refine.png');

  await page.getByTestId('use-structure').click();
  await expect(page.getByTestId('use-structure')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('use-refine')).toHaveAttribute('aria-pressed', 'false');
  await page.mouse.move(10, 10);
  await app.shot('05-stage-2-in-the-photo.png');
  const structure = await download(page, 'stage-pick-structure.png');

  // only the painted part changed (the strokes with the brush's radius and the paste's feather), and it did change
  const near = (x: number, y: number) => y > 60 && y < 240 && x > 150 && x < 340;
  const d = differing(refine, structure, near);
  expect(d.n).toBeGreaterThan(2000);
  expect(d.outside).toBe(0);
  expect(differing(structure, { width: W, height: W, data: original.data }, near).outside).toBe(0);

  // and back: stage 3's face again, the same pixels as before
  await page.getByTestId('use-refine').click();
  await expect(page.getByTestId('use-refine')).toHaveAttribute('aria-pressed', 'true');
  const again = await download(page, 'stage-pick-refine-again.png');
  expect(differing(refine, again, () => false).n).toBe(0);

  // a new run puts stage 3 in again
  await page.getByTestId('use-prior').click();
  await expect(page.getByTestId('use-prior')).toHaveAttribute('aria-pressed', 'true');
  await app.restoreAgain();
  await expect(page.getByTestId('use-refine')).toHaveAttribute('aria-pressed', 'true');
});
