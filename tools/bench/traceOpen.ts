// npx tsx tools/bench/traceOpen.ts [--restore]  (after npm run build; CHROME_ARGS="..." adds browser flags)
//
// What the main thread itself does while a 24-megapixel photo opens (with --restore: while it is
// restored, from the click to the result on screen), from a Chromium trace rather
// than the Long Tasks API: a long task is wall-clock time, and on a 2-core machine the decoder
// thread, the photo worker and the face detector preempt the main thread, so a short task can be
// reported long. Prints every task over 30 ms on each thread, with the main thread's own events.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { AppPage, SAMPLE_PATH } from '../../e2e/fixtures/app';

const W = 6000, H = 4000, PORT = 4180;
const RESTORE = process.argv.includes('--restore');
const dir = mkdtempSync(join(tmpdir(), 'mend-trace-'));
const photo = join(dir, 'portrait-24mp.jpg');
const face = await sharp(SAMPLE_PATH).resize(H, H).removeAlpha().toBuffer();
writeFileSync(photo, await sharp({ create: { width: W, height: H, channels: 3, background: { r: 90, g: 96, b: 110 } } }).composite([{ input: face, left: (W - H) / 2, top: 0 }]).jpeg({ quality: 90 }).toBuffer());

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
try {
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://localhost:${PORT}`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', ...(process.env.CHROME_ARGS ?? '').split(' ').filter(Boolean)] });
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  const app = new AppPage(page);
  await page.goto(`http://localhost:${PORT}/?ep=wasm`);
  // the page settled first (a small photo opened and its face found), so only the big photo is traced
  await app.upload(SAMPLE_PATH);
  await page.locator('[data-testid=face-status]:is([data-status=found],[data-status=none])').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(3000);
  const trace = join(dir, 'trace.json');
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'blink'];
  const opened = async () => {
    await page.getByTestId('photo-meta').filter({ hasText: 'portrait-24mp' }).waitFor({ timeout: 120_000 });
    await page.locator('[data-testid=face-status]:is([data-status=found],[data-status=none],[data-status=error])').waitFor({ timeout: 120_000 });
  };
  if (RESTORE) {
    // the bench's stroke across both eyes of the 4000 px face; traced from the click
    await app.upload(photo);
    await opened();
    const s = H / 512;
    await app.paint([[(W - H) / 2 + 200 * s, 120 * s], [(W - H) / 2 + 300 * s, 118 * s]], W, H);
    await page.waitForTimeout(1500);
    await browser.startTracing(page, { path: trace, categories });
    await page.getByTestId('restore').click();
    await page.locator('[data-testid=status][data-status=done]').waitFor({ timeout: 300_000 });
  } else {
    await browser.startTracing(page, { path: trace, categories });
    await app.upload(photo);
    await opened();
  }
  await page.waitForTimeout(RESTORE ? 300 : 500);
  await browser.stopTracing();
  await browser.close();

  type Ev = { ph: string; name: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } };
  const raw = JSON.parse(readFileSync(trace, 'utf8'));
  const events: Ev[] = Array.isArray(raw) ? raw : raw.traceEvents;
  const threadName = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? '?']));
  const t0 = Math.min(...events.filter((e) => e.ts).map((e) => e.ts));
  console.log(`tasks over 30 ms while the ${W}x${H} photo ${RESTORE ? 'was restored' : 'opened'} (ms from the trace's start; trace in ${trace}):`);
  for (const e of events.filter((x) => x.ph === 'X' && x.name === 'RunTask' && (x.dur ?? 0) > 30_000).sort((a, b) => a.ts - b.ts)) {
    const thread = threadName.get(`${e.pid}:${e.tid}`) ?? '?';
    const inside = events
      .filter((x) => x.ph === 'X' && x.pid === e.pid && x.tid === e.tid && x !== e && x.ts >= e.ts && x.ts + (x.dur ?? 0) <= e.ts + e.dur! && (x.dur ?? 0) > 5_000 && !/RunTask/.test(x.name))
      .map((x) => `${x.name} ${Math.round(x.dur! / 1000)}`)
      .slice(0, 4);
    console.log(`  ${String(Math.round((e.ts - t0) / 1000)).padStart(6)}  ${thread.padEnd(28)} ${String(Math.round(e.dur! / 1000)).padStart(5)} ms  ${inside.join(', ')}`);
  }
} finally {
  process.kill(-server.pid!);
}
