// Nothing a person made is lost: the session is kept in IndexedDB as it changes, and a reload or a
// renderer crash (killed through CDP) brings back the photo, crop, strokes and the last result,
// byte for byte; Discard removes it from the device.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, expectRestored, SAMPLE_PATH, SHOTS } from './fixtures/app';

const W = 512, H = 512;

/** What IndexedDB holds for the session now (the app's own store), summarised. */
async function savedSummary(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ strokes: number; result: boolean } | null>((resolve) => {
        const req = indexedDB.open('mend', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('session');
        req.onsuccess = () => {
          const get = req.result.transaction('session').objectStore('session').get('current');
          get.onsuccess = () => {
            const v = get.result;
            resolve(v ? { strokes: v.strokes.length, result: !!v.result } : null);
            req.result.close();
          };
        };
      }),
  );
}

async function downloadBytes(page: Page, name: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  const path = `${SHOTS}/../${name}`;
  await download.saveAs(path);
  return readFileSync(path);
}

async function resume(page: Page) {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await expect(page.getByTestId('recovery')).toContainText('“astronaut.png”, 2 strokes, its result');
  await app.shot('session-01-offer.png');
  await page.getByTestId('resume-session').click();
  await expect(page.getByTestId('recovery')).toHaveCount(0);
  await expect(page.getByTestId('photo-meta')).toContainText('astronaut');
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'done');
  return app;
}

test('a reload and a renderer crash give back photo, crop, strokes and result; Discard forgets them', async ({ page, context }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await page.getByTestId('tool-crop').click();
  await app.drag([W - 1, H - 1], [300, 300], W, H);
  await page.getByTestId('tool-brush').click();
  await app.paint([[150, 160], [190, 170]], W, H);
  await app.paint([[120, 120], [130, 200]], W, H);
  const crop = await app.crop();
  await app.clickRestore();
  await expectRestored(page);
  await expect.poll(() => savedSummary(page), { timeout: 15_000 }).toEqual({ strokes: 2, result: true });
  await expect(page.getByTestId('saved')).toContainText('Saved on this device');
  const before = await downloadBytes(page, 'session-before.png');

  // 1. reload
  await page.reload();
  await resume(page);
  expect(await app.crop()).toEqual(crop);
  expect(await app.strokeCount()).toBe(2);
  expect((await downloadBytes(page, 'session-after-reload.png')).equals(before)).toBe(true);
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('stage-refine')).toBeVisible();

  // 2. the renderer dies (as when a phone discards the tab): a new page in the same browser profile
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => {}); // the call itself never answers: the page is gone
  await crashed;
  const fresh = await context.newPage();
  const again = await resume(fresh);
  expect(await again.crop()).toEqual(crop);
  expect(await again.strokeCount()).toBe(2);
  expect((await downloadBytes(fresh, 'session-after-crash.png')).equals(before)).toBe(true);
  await again.shot('session-02-recovered.png');

  // 3. discard: gone from the device
  await fresh.reload();
  await expect(fresh.getByTestId('recovery')).toBeVisible();
  await fresh.getByTestId('discard-session').click();
  await expect(fresh.getByTestId('recovery')).toHaveCount(0);
  await expect.poll(() => savedSummary(fresh)).toBeNull();
  await fresh.reload();
  await expect(fresh.getByTestId('empty-state')).toBeVisible();
  await expect(fresh.getByTestId('recovery')).toHaveCount(0);
});
