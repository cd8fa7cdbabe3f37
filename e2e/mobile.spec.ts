// Small screens and zoom: the brush keeps its size in photo pixels at any zoom; at 390x844 with a
// touch screen the layout fits without sideways scrolling and a finger paints the mask.
import { expect, test, type Page } from '@playwright/test';
import { fitViewport, screenPoint, viewportFor, zoomAround, type Viewport } from './zoomMath';
import { AppPage, expectRestored, SAMPLE_PATH } from './fixtures/app';

const W = 512;

/** Thickness in photo px of the overlay's paint along the vertical line x, around photo row y. */
async function thickness(page: Page, app: AppPage, x: number, y: number): Promise<number> {
  const { x: ox, y: oy, v } = await app.viewport(W, W);
  const canvas = page.getByTestId('mask-overlay');
  const box = (await canvas.boundingBox())!;
  const n = await canvas.evaluate(
    (c: HTMLCanvasElement, [sx, sy0, sy1]) => {
      const d = c.getContext('2d')!.getImageData(Math.round(sx * devicePixelRatio), 0, 1, c.height).data;
      let count = 0;
      for (let yy = Math.floor(sy0 * devicePixelRatio); yy < sy1 * devicePixelRatio; yy++) count += d[yy * 4 + 3] > 0 ? 1 : 0;
      return count / devicePixelRatio;
    },
    [ox - box.x + v.offsetX + x * v.scale, oy - box.y + v.offsetY + (y - 60) * v.scale, oy - box.y + v.offsetY + (y + 60) * v.scale],
  );
  return n / v.scale;
}

test('the brush covers the same photo pixels at any zoom; 1:1 and Fit', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  const brush = Number(await page.getByTestId('brush-size').getAttribute('data-size'));
  await app.paint([[150, 100], [360, 100]], W, W);
  // Zoom in twice with the + button (about the stage centre), then paint in the zoomed view.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const canvasBox = (await page.locator('[data-testid=editor] canvas').first().boundingBox())!;
  const c = screenPoint(canvasBox.width / 2, canvasBox.height / 2);
  let zp = { zoom: 1, panX: 0, panY: 0 };
  zp = zoomAround(canvasBox.width, canvasBox.height, W, W, zp, c, 1.4);
  zp = zoomAround(canvasBox.width, canvasBox.height, W, W, zp, c, 1.4);
  const v: Viewport = viewportFor(canvasBox.width, canvasBox.height, W, W, zp);
  expect(v.scale).toBeGreaterThan(fitViewport(canvasBox.width, canvasBox.height, W, W).scale * 1.9);
  const at = (px: number, py: number) => [canvasBox.x + v.offsetX + px * v.scale, canvasBox.y + v.offsetY + py * v.scale] as const;
  await page.mouse.move(...at(200, 300));
  await page.mouse.down();
  await page.mouse.move(...at(320, 300), { steps: 10 });
  await page.mouse.up();
  await page.mouse.move(5, 5);
  await app.shot('zoom-01-stroke-at-2x.png');
  await page.getByTestId('zoom-fit').click();
  const t1 = await thickness(page, app, 256, 100);
  const t2 = await thickness(page, app, 256, 300);
  expect(Math.abs(t1 - brush)).toBeLessThan(3);
  expect(Math.abs(t2 - t1)).toBeLessThan(2);
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

  test('at 390x844 the layout fits and a finger paints the mask', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?ep=wasm');
    await app.shot('mobile-01-empty.png');
    await app.upload(SAMPLE_PATH);
    await expect(page.getByTestId('photo-meta')).toBeVisible();
    // A page wider than the phone would make mobile Chromium widen its layout viewport: check both.
    const widths = await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth]);
    expect(widths, 'no sideways scrolling').toEqual([390, 390]);
    const editor = (await page.getByTestId('editor').boundingBox())!;
    expect(editor.width).toBeGreaterThan(340);
    expect(editor.height).toBeGreaterThan(300);
    // Every visible button is inside the screen and big enough to hit with a finger.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button')]
        .filter((b) => b.offsetParent !== null)
        .map((b) => ({ t: b.textContent?.trim() ?? b.getAttribute('aria-label'), r: b.getBoundingClientRect() }))
        .filter(({ r }) => r.height < 28 || r.right > 390.5 || r.left < -0.5)
        .map(({ t, r }) => `${t} ${Math.round(r.width)}x${Math.round(r.height)}@${Math.round(r.left)}`),
    );
    expect(small).toEqual([]);

    // One finger paints a stroke, through CDP touch events as a phone sends them.
    const { x, y, v } = await app.viewport(W, W);
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', pts: [number, number][]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: pts.map(([px, py], id) => ({ x: x + v.offsetX + px * v.scale, y: y + v.offsetY + py * v.scale, id })) });
    await touch('touchStart', [[200, 120]]);
    for (let i = 1; i <= 8; i++) await touch('touchMove', [[200 + i * 12, 120 + i * 3]]);
    await touch('touchEnd', []);
    expect(await app.strokeCount()).toBe(1);
    const alpha = await page.getByTestId('mask-overlay').evaluate(
      (c: HTMLCanvasElement, [sx, sy]) => c.getContext('2d')!.getImageData(sx * devicePixelRatio, sy * devicePixelRatio, 1, 1).data[3],
      [v.offsetX + 248 * v.scale, v.offsetY + 132 * v.scale],
    );
    expect(alpha).toBe(255);
    await app.shot('mobile-02-painted.png');
    await page.getByTestId('restore').scrollIntoViewIfNeeded();
    await app.shot('mobile-03-panels.png');

    // Compare after a restore: the before/after box stays above the panels, and every panel button
    // can still be tapped (nothing lies on top of it).
    await app.clickRestore();
    await expectRestored(page);
    await expect(page.getByTestId('compare')).toBeVisible();
    const compareBottom = (await page.getByTestId('compare').boundingBox())!;
    const sidebarTop = (await page.locator('.sidebar').boundingBox())!.y;
    expect(compareBottom.y + compareBottom.height).toBeLessThanOrEqual(sidebarTop + 1);
    const snap = page.getByTestId('find-face');
    await snap.scrollIntoViewIfNeeded();
    const covered = await snap.evaluate((b) => {
      const r = b.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !(top === b || b.contains(top));
    });
    expect(covered, 'Snap to face is covered').toBe(false);
    await page.getByTestId('compare').scrollIntoViewIfNeeded();
    await app.shot('mobile-04-compare.png');
  });
});
