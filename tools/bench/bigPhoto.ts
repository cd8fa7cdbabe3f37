// A 24-megapixel photo (6000x4000 JPEG made from the sample portrait) in the real UI: the time from
// the Restore click to the result on screen, and the longest main-thread task (Long Tasks API)
// while opening it and while restoring it: tasks over 100 ms are what a person feels as a frozen
// brush or button.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import sharp from 'sharp';
import { AppPage, SAMPLE_PATH } from '../../e2e/fixtures/app';

const W = 6000;
const H = 4000;

async function bigJpeg(): Promise<string> {
  // the portrait scaled so its face is about 2000 px, centred on a wider canvas
  const face = await sharp(SAMPLE_PATH).resize(H, H).removeAlpha().toBuffer();
  const file = join(mkdtempSync(join(tmpdir(), 'mend-bench-')), 'portrait-24mp.jpg');
  const jpeg = await sharp({ create: { width: W, height: H, channels: 3, background: { r: 90, g: 96, b: 110 } } })
    .composite([{ input: face, left: (W - H) / 2, top: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  writeFileSync(file, jpeg);
  return file;
}

const longTasks = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __long: { start: number; ms: number }[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask' });
  });
/** Main-thread tasks over 50 ms since t, in ms, in order. */
const tasksSince = (page: Page, t: number) =>
  page.evaluate((t0) => (window as unknown as { __long: { start: number; ms: number }[] }).__long.filter((e) => e.start >= t0).map((e) => Math.round(e.ms)), t);
const longestSince = async (page: Page, t: number) => Math.max(0, ...(await tasksSince(page, t)));

export async function bigPhotoRows(browser: Browser, origin: string, emit: (row: Record<string, unknown>) => void) {
  const file = await bigJpeg();
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  const app = new AppPage(page);
  await page.goto(`${origin}/?ep=wasm`);
  await longTasks(page);
  // warm: one small restore first, so what is timed is the photo's size, not the model's first load
  await app.upload(SAMPLE_PATH);
  await app.paint([[215, 128], [250, 124], [290, 130]], 512, 512);
  await page.getByTestId('restore').click();
  await page.locator('[data-testid=status][data-status=done]').waitFor({ timeout: 300_000 });

  const openAt = await page.evaluate(() => performance.now());
  await app.upload(file);
  await page.getByTestId('photo-meta').filter({ hasText: 'portrait-24mp' }).waitFor({ timeout: 120_000 });
  await page.locator('[data-testid=face-status]:is([data-status=found],[data-status=none],[data-status=error])').waitFor({ timeout: 120_000 });
  const openedMs = (await page.evaluate(() => performance.now())) - openAt;
  const openTasks = await tasksSince(page, openAt);
  // a stroke across both eyes of the 4000 px face (the sample's eyes at y ~ 128 of 512)
  const s = H / 512;
  await app.paint([[(W - H) / 2 + 200 * s, 120 * s], [(W - H) / 2 + 300 * s, 118 * s]], W, H);
  const clickAt = await page.evaluate(() => performance.now());
  await page.getByTestId('restore').click();
  await page.locator('[data-testid=status][data-status=done]').waitFor({ timeout: 300_000 });
  const doneAt = await page.evaluate(() => performance.now());
  const felt = Number(await page.getByTestId('restored-in').getAttribute('data-felt-ms'));
  const timing = await page.getByTestId('timing').textContent();
  emit({ kind: 'big-photo', width: W, height: H, openMs: openedMs, openLongestTaskMs: Math.max(0, ...openTasks), openTasksMs: openTasks, restoreFeltMs: felt, clickToDoneMs: doneAt - clickAt,
    restoreLongestTaskMs: await longestSince(page, clickAt), restoreTasksMs: await tasksSince(page, clickAt), timing });
  await context.close();
}

export function printBigPhoto(rows: Record<string, unknown>[]) {
  for (const r of rows.filter((x) => x.kind === 'big-photo'))
    console.log(`\n${r.width}x${r.height} photo: opened (face box) in ${(Number(r.openMs) / 1000).toFixed(2)} s, longest main-thread task ${Number(r.openLongestTaskMs).toFixed(0)} ms (tasks over 50 ms: ${(r.openTasksMs as number[]).join(', ')}); ` +
      `Restore click -> result ${(Number(r.restoreFeltMs) / 1000).toFixed(2)} s, longest main-thread task ${Number(r.restoreLongestTaskMs).toFixed(0)} ms (tasks over 50 ms: ${(r.restoreTasksMs as number[]).join(', ')}; ${r.timing})`);
}
