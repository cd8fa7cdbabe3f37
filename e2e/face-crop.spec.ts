// Face-aware crop: the crop box snaps to the face found by the tiny face detector (in a worker, on
// weights the app serves itself), framed by the manifest's convention; the person can still move
// it; a photo with no face says so and keeps the centred square.
import { expect, test } from '@playwright/test';
import { AppPage, SAMPLE_PATH } from './fixtures/app';

test('the crop box snaps to the face, can still be moved, and "no face" is said', async ({ page, context }) => {
  const offsite: string[] = [];
  context.on('request', (r) => new URL(r.url()).hostname !== 'localhost' && offsite.push(r.url()));
  const app = new AppPage(page);
  // A slow network: the detector's weights (fetched when the page opens) arrive only once the
  // person has painted (held until then, not for a fixed time: a loaded machine paints slowly).
  let painted!: () => void;
  const paintedYet = new Promise<void>((resolve) => (painted = resolve));
  await page.route('**/face-api/*.bin', async (route) => {
    await paintedYet;
    await route.continue();
  });
  await app.open('?ep=wasm', { autoCrop: true });
  await app.upload(SAMPLE_PATH);
  await app.paint([[100, 400], [140, 420]], 512, 512);
  painted();
  // The box is not moved under the brush; the snap is offered instead.
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-status', 'offer', { timeout: 60_000 });
  expect(await app.crop()).toEqual({ x: 0, y: 0, size: 512 });
  await page.getByTestId('find-face').click();
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-status', 'found');
  const snapped = await app.crop();
  // Nudge it (keyboard), then open the photo again without painting: the box snaps by itself, to the same place.
  await page.getByTestId('editor').focus();
  await page.keyboard.press('c');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => app.crop()).not.toEqual(snapped);
  await page.keyboard.press('b');
  await app.upload(SAMPLE_PATH);
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-status', 'found', { timeout: 60_000 });
  await expect.poll(() => app.crop()).toEqual(snapped);
  const crop = await app.crop();
  // The astronaut's face spans roughly x 180-270, y 55-165 of the 512x512 portrait.
  expect(crop).not.toEqual({ x: 0, y: 0, size: 512 });
  expect(crop.size).toBeGreaterThan(70);
  expect(crop.size).toBeLessThan(260);
  for (const [fx, fy] of [[224, 110], [200, 80], [250, 150]]) {
    expect(fx > crop.x && fx < crop.x + crop.size && fy > crop.y && fy < crop.y + crop.size, `face point ${fx},${fy} inside the crop`).toBe(true);
  }
  await expect(page.getByTestId('face-status')).toContainText('fitted to the face');
  await page.mouse.move(5, 5);
  await app.shot('face-01-snapped.png');

  // Still adjustable: drag the box with the crop tool; Snap to face puts it back.
  await page.keyboard.press('c');
  await app.drag([crop.x + crop.size / 2, crop.y + crop.size / 2], [crop.x + crop.size / 2 + 60, crop.y + crop.size / 2 + 40], 512, 512);
  const moved = await app.crop();
  expect(Math.abs(moved.x - crop.x - 60)).toBeLessThan(4);
  await page.getByTestId('find-face').click();
  await expect.poll(() => app.crop()).toEqual(crop);

  // A photo without a face: said so, and the crop stays the centred square.
  const png = await page.evaluate(async () => {
    const c = new OffscreenCanvas(300, 200);
    const ctx = c.getContext('2d')!;
    const g = ctx.createLinearGradient(0, 0, 300, 200);
    g.addColorStop(0, '#2a4d69');
    g.addColorStop(1, '#c9d6df');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 300, 200);
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  });
  await app.uploadBytes('sky.png', 'image/png', Buffer.from(png));
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-status', 'none', { timeout: 60_000 });
  await expect(page.getByTestId('face-status')).toContainText('No face found');
  expect(await app.crop()).toEqual({ x: 50, y: 0, size: 200 });
  await app.shot('face-02-no-face.png');
  expect(offsite, 'requests to other origins').toEqual([]);
});
