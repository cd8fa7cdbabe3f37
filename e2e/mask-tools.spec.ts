// Mask tools and shortcuts, used as a person would: grow, shrink and invert the painted mask (one
// undo step each), the overlay's visibility, colour and opacity, the shortcuts dialog, holding Tab
// or the Original button, Enter to restore and Ctrl+S to download.
import { expect, test, type Page } from '@playwright/test';
import { AppPage, expectRestored, SAMPLE_PATH } from './fixtures/app';

const W = 512;

/** RGBA of the mask overlay canvas at a photo position. */
async function overlayAt(page: Page, app: AppPage, px: number, py: number): Promise<number[]> {
  const { x, y, v } = await app.viewport(W, W);
  const canvas = page.getByTestId('mask-overlay');
  const box = (await canvas.boundingBox())!;
  return canvas.evaluate(
    (c: HTMLCanvasElement, [sx, sy]) => Array.from(c.getContext('2d')!.getImageData(sx * devicePixelRatio, sy * devicePixelRatio, 1, 1).data),
    [x - box.x + v.offsetX + px * v.scale, y - box.y + v.offsetY + py * v.scale],
  );
}

test('grow, shrink and invert are exact, one undo step each; overlay look; shortcuts', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  const brush = Number(await page.getByTestId('brush-size').getAttribute('data-size'));
  expect(brush).toBe(34); // a fifteenth of the short side, in photo pixels
  const r = brush / 2;
  await app.paint([[200, 300], [320, 300]], W, W);
  const alpha = async (px: number, py: number) => (await overlayAt(page, app, px, py))[3];
  expect(await alpha(260, 300)).toBe(255);
  expect(await alpha(260, 300 + r + 6)).toBe(0);

  // Grow by 10 photo px: a point 6 px past the edge joins; 14 px past does not. One undo step.
  await page.getByTestId('grow-by').fill('10');
  await page.getByTestId('grow').click();
  await expect.poll(() => alpha(260, 300 + r + 6)).toBe(255);
  expect(await alpha(260, 300 + r + 14)).toBe(0);
  expect(await alpha(200 - r - 6, 300)).toBe(255); // round ends grow too
  await page.mouse.move(10, 10);
  await app.shot('mask-01-grown.png');
  await page.keyboard.press('Control+z');
  await expect.poll(() => alpha(260, 300 + r + 6)).toBe(0);
  expect(await alpha(260, 300)).toBe(255);

  // Shrink by 10: the edge band goes, the centre line stays.
  await page.getByTestId('shrink').click();
  await expect.poll(() => alpha(260, 300 + r - 4)).toBe(0);
  expect(await alpha(260, 300)).toBe(255);
  await page.keyboard.press('Control+z');
  await expect.poll(() => alpha(260, 300 + r - 4)).toBe(255);

  // Invert within a smaller crop box: inside it hole and kept swap; outside it nothing changes.
  await page.getByTestId('tool-crop').click();
  await app.drag([W - 1, W - 1], [400, 400], W, W);
  const crop = await app.crop();
  expect(crop.size).toBeLessThan(420);
  await page.getByTestId('invert').click();
  await expect.poll(() => alpha(100, 100)).toBe(255);
  expect(await alpha(260, 300)).toBe(0);
  expect(await alpha(crop.size + 30, crop.size + 30)).toBe(0);
  await page.mouse.move(10, 10);
  await app.shot('mask-02-inverted.png');
  await page.keyboard.press('Control+z');
  await expect.poll(() => alpha(100, 100)).toBe(0);
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(() => alpha(100, 100)).toBe(255);
  await page.keyboard.press('Control+z');
  expect(await app.strokeCount()).toBe(1);

  // Overlay: H hides and shows it; colour and opacity change how it looks, not the mask.
  const overlay = page.getByTestId('mask-overlay');
  await page.keyboard.press('b');
  await page.keyboard.press('h');
  await expect(overlay).toHaveCSS('visibility', 'hidden');
  await expect(page.getByTestId('overlay-visible')).not.toBeChecked();
  await page.keyboard.press('h');
  await expect(overlay).toHaveCSS('visibility', 'visible');
  await page.getByTestId('overlay-color').fill('#00ff00');
  await expect.poll(() => overlayAt(page, app, 260, 300)).toEqual([0, 255, 0, 255]);
  await page.getByTestId('overlay-opacity').focus();
  await page.keyboard.press('End');
  await expect(overlay).toHaveCSS('opacity', '1');
  await page.keyboard.press('PageDown');
  const dimmer = Number(await overlay.evaluate((c) => getComputedStyle(c).opacity));
  expect(dimmer).toBeLessThan(1);
  await page.mouse.move(10, 10);
  await app.shot('mask-03-green-overlay.png');

  // Tools and brush size from the keyboard.
  await page.mouse.click(5, 400); // focus off the slider, onto the page
  await page.keyboard.press('e');
  await expect(page.getByTestId('tool-eraser')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('b');
  await expect(page.getByTestId('tool-brush')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press(']');
  await expect(page.getByTestId('brush-size')).toHaveAttribute('data-size', String(Math.round(brush * 1.18)));
  await page.keyboard.press('[');
  await expect(page.getByTestId('brush-size')).not.toHaveAttribute('data-size', String(Math.round(brush * 1.18)));

  // ? opens the list of shortcuts; Escape closes it.
  await page.keyboard.press('?');
  const dialog = page.getByTestId('shortcuts-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Hold Tab');
  await expect(dialog).toContainText('Download the result');
  await app.shot('mask-04-shortcuts-dialog.png');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Holding Tab (the key repeats) shows the original photo: no mask, no crop box. So does the button.
  await page.keyboard.down('Tab');
  for (let i = 0; i < 3; i++) await page.keyboard.down('Tab'); // the key repeats while held
  await expect(overlay).toHaveCSS('visibility', 'hidden');
  await app.shot('mask-05-holding-tab.png');
  await page.keyboard.up('Tab');
  await expect(overlay).toHaveCSS('visibility', 'visible');
  const hold = page.getByTestId('hold-original');
  await hold.hover();
  await page.mouse.down();
  await expect(overlay).toHaveCSS('visibility', 'hidden');
  await page.mouse.up();
  await expect(overlay).toHaveCSS('visibility', 'visible');

  // Enter restores (focus on the page, not on a button); Ctrl+S downloads the result.
  await page.getByTestId('tool-crop').click();
  await app.drag([100, 100], [100 + 50, 100 + 20], W, W);
  await page.keyboard.press('b');
  await app.paint([[230, 175], [285, 172]], W, W);
  await page.keyboard.press('Enter');
  await expectRestored(page);
  await expect(page.getByTestId('compare')).toBeVisible();
  await page.mouse.click(5, 300);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  expect(download.suggestedFilename()).toMatch(/^astronaut-restored\./);
  // Holding Tab in the comparison hides the restored layer.
  await page.keyboard.down('Tab');
  await page.keyboard.down('Tab');
  await expect(page.locator('.ba-top')).toHaveCSS('visibility', 'hidden');
  await page.keyboard.up('Tab');
  await expect(page.locator('.ba-top')).toHaveCSS('visibility', 'visible');
});
