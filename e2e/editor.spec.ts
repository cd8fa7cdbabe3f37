// The mask editor in a real browser: eraser, brush-size keys, clear and undo.
import { expect, test } from '@playwright/test';
import { AppPage, expectRestored, SAMPLE_PATH } from './fixtures/app';

test('the eraser clears the overlay it passes over; [ ] size the brush; Clear is undoable', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await app.paint([[180, 200], [330, 200]], 512, 512);
  await page.keyboard.press('e');
  await expect(page.getByTestId('tool-eraser')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press(']');
  await expect(page.getByTestId('brush-size')).not.toHaveValue('36');
  await app.paint([[255, 170], [255, 230]], 512, 512);

  // Alpha of the mask overlay (the second canvas) at photo positions.
  const overlayAlpha = async (px: number, py: number) => {
    const { x, y, v } = await app.viewport(512, 512);
    const box = (await page.locator('[data-testid=editor] canvas').nth(1).boundingBox())!;
    return page.locator('[data-testid=editor] canvas').nth(1).evaluate((c: HTMLCanvasElement, [sx, sy]) => {
      return c.getContext('2d')!.getImageData(sx * devicePixelRatio, sy * devicePixelRatio, 1, 1).data[3];
    }, [x - box.x + v.offsetX + px * v.scale, y - box.y + v.offsetY + py * v.scale]);
  };
  expect(await overlayAlpha(200, 200)).toBe(255); // painted, drawn opaque (the canvas itself is translucent)
  expect(await overlayAlpha(255, 200)).toBe(0); // erased completely
  expect(await app.strokeCount()).toBe(2);

  await page.getByTestId('clear').click();
  expect(await app.strokeCount()).toBe(0);
  await page.keyboard.press('Control+z');
  expect(await app.strokeCount()).toBe(2);

  // Zoom: to the crop box, with the wheel, and back to the fitted photo.
  await page.getByTestId('tool-crop').click();
  await app.drag([511, 511], [200, 200], 512, 512);
  await page.getByTestId('zoom-face').click();
  const faceZoom = parseInt((await page.getByTestId('zoom').textContent()) ?? '0', 10);
  expect(Number(await page.getByTestId('zoom').getAttribute('data-zoom'))).toBeGreaterThan(2); // relative to the fitted photo
  const box = (await page.getByTestId('editor').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  await expect(page.getByTestId('zoom')).not.toHaveText(`${faceZoom}%`);
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect(page.getByTestId('zoom')).toHaveAttribute('data-zoom', '1.000');
  // 1:1 shows one screen pixel per photo pixel.
  await page.getByTestId('zoom-100').click();
  await expect(page.getByTestId('zoom')).toHaveText('100%');
  const { v } = await app.viewport(512, 512);
  expect(v.scale * Number(await page.getByTestId('zoom').getAttribute('data-zoom'))).toBeCloseTo(1, 3);
});

test.describe('touch', () => {
  test.use({ hasTouch: true });

  test('two fingers pinch-zoom and pan, and paint nothing', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?ep=wasm');
    await app.upload(SAMPLE_PATH);
    const box = (await page.getByTestId('editor').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', pts: [number, number][]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: pts.map(([x, y], id) => ({ x, y, id })) });
    await touch('touchStart', [[cx - 40, cy]]);
    await touch('touchStart', [[cx - 40, cy], [cx + 40, cy]]);
    for (let i = 1; i <= 6; i++) await touch('touchMove', [[cx - 40 - i * 15, cy + i * 3], [cx + 40 + i * 15, cy + i * 3]]);
    await touch('touchEnd', []);
    expect(Number(await page.getByTestId('zoom').getAttribute('data-zoom'))).toBeGreaterThan(1.5);
    expect(await app.strokeCount()).toBe(0);
    // One finger still paints.
    await page.getByRole('button', { name: 'Fit' }).click();
    await touch('touchStart', [[cx, cy]]);
    for (let i = 1; i <= 5; i++) await touch('touchMove', [[cx + i * 10, cy + i * 4]]);
    await touch('touchEnd', []);
    expect(await app.strokeCount()).toBe(1);
  });
});

test('a crop handle dragged past the photo corner stops exactly at the corner (not a pixel short)', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await page.getByTestId('tool-crop').click();
  await app.drag([511, 511], [300, 300], 512, 512); // shrink from the bottom-right handle
  const small = await app.crop();
  expect(small.size).toBeLessThan(320);
  await app.drag([150, 150], [40, 40], 512, 512); // move the box up-left, past the corner
  await expect.poll(() => app.crop()).toMatchObject({ x: 0, y: 0 });
  const { size } = await app.crop();
  await app.drag([size - 0.5, size - 0.5], [560, 560], 512, 512); // bottom-right handle far past the photo's corner
  await expect.poll(() => app.crop()).toEqual({ x: 0, y: 0, size: 512 });
});

test('Enter in the editor restores', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await app.paint([[230, 175], [285, 172]], 512, 512);
  await page.getByTestId('editor').focus();
  await page.keyboard.press('Enter');
  await expectRestored(page);
});
