// What a person waits for around the model (issue 13): a cold first visit over a phone-like link,
// counted byte by byte at a proxy (page, workers and service worker together); the face box on a
// cold page; Restore after a reload. Driven through the real UI with real mouse events.
import type { Browser, Page } from '@playwright/test';
import { AppPage, SAMPLE_PATH } from '../../e2e/fixtures/app';
import { perFile, startLinkProxy } from './linkProxy';

const STROKE: [number, number][] = [[215, 128], [250, 124], [290, 130]];
const SAMPLE_SIZE = 512;

const now = (page: Page) => page.evaluate(() => performance.now());

async function waitDone(page: Page) {
  await page.getByTestId('status').and(page.locator('[data-status=done]')).waitFor({ timeout: 300_000 });
}

/** Opens the sample, waits for the face box, paints, restores. Times in ms from navigation. */
async function photoToResult(page: Page, openAfterMs = 0) {
  const app = new AppPage(page);
  await page.getByTestId('file-input').waitFor({ state: 'attached' });
  if (openAfterMs) await page.waitForFunction((t) => performance.now() >= t, openAfterMs, { polling: 50 });
  // In-page clocks: the file input's change event, and the moment the face status settles in the DOM.
  await page.evaluate(() => {
    const t: { change?: number; face?: number } = {};
    (window as unknown as { __faceT: typeof t }).__faceT = t;
    document.querySelector('[data-testid=file-input]')!.addEventListener('change', () => (t.change = performance.now()), { capture: true, once: true });
    const seen = new MutationObserver(() => {
      const status = document.querySelector<HTMLElement>('[data-testid=face-status]')?.dataset.status;
      if (t.change && status && /found|none|error/.test(status)) {
        t.face = performance.now();
        seen.disconnect();
      }
    });
    seen.observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  await app.upload(SAMPLE_PATH);
  await page.waitForFunction(() => (window as unknown as { __faceT: { face?: number } }).__faceT.face !== undefined, null, { timeout: 120_000 });
  const { change: opened, face: faceAt } = await page.evaluate(() => (window as unknown as { __faceT: { change: number; face: number } }).__faceT);
  await app.paint(STROKE, SAMPLE_SIZE, SAMPLE_SIZE);
  const paintedAt = await now(page);
  // Restore stays disabled until the engine is ready (the runtime is in): the click waits for it.
  await page.getByTestId('restore').and(page.locator(':enabled')).waitFor({ timeout: 300_000 });
  const clickAt = await now(page);
  // the page's own clock for the moment the result is on screen: Playwright's polling, on two busy
  // cores, saw it 0.2-0.6 s late
  await page.evaluate(() => {
    const w = window as unknown as { __doneT?: number };
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-testid=status][data-status=done]')) {
        w.__doneT = performance.now();
        seen.disconnect();
      }
    });
    seen.observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  await page.getByTestId('restore').click();
  await waitDone(page);
  const doneAt = await page.evaluate(() => (window as unknown as { __doneT: number }).__doneT);
  const felt = Number(await page.getByTestId('restored-in').getAttribute('data-felt-ms'));
  const timing = await page.getByTestId('timing').textContent();
  return { opened, faceMs: faceAt - opened, paintedAt, clickAt, firstResultMs: doneAt, restoreFeltMs: felt, timing };
}

export async function firstVisitRows(
  browser: Browser, upstream: string, port: number, emit: (row: Record<string, unknown>) => void, firstOnly = false,
  // cold first visits (each in a fresh browser context): one on two busy cores varied by 0.5 s, so the median is the figure
  visits = 3,
) {
  // 1. Cold first visit over 10 Mbit/s with 40 ms per response: bytes per file and time to the first result.
  const link = { mbit: 10, latencyMs: 40 };
  const proxy = await startLinkProxy(upstream, port, link);
  try {
    for (let v = 1; v < visits; v++) {
      const context = await browser.newContext({ serviceWorkers: 'allow', viewport: { width: 1360, height: 860 } });
      const page = await context.newPage();
      proxy.reset();
      await page.goto(`${proxy.origin}/?ep=wasm`);
      const cold = await photoToResult(page);
      emit({ kind: 'first-visit-repeat', visit: v, bytesToFirstResult: proxy.transfers.reduce((s, t) => s + t.bytes, 0), ...cold });
      await context.close();
    }
    // the last one is kept for the bytes per file, the timeline and the reload
    const context = await browser.newContext({ serviceWorkers: 'allow', viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    proxy.reset(); // the timeline's clock starts at navigation
    await page.goto(`${proxy.origin}/?ep=wasm`);
    const cold = await photoToResult(page);
    const untilResult = proxy.transfers.reduce((s, t) => s + t.bytes, 0);
    // What the visit still fetches afterwards (the service worker's precache of the app shell).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForTimeout(3000);
    const files = perFile(proxy.transfers);
    const total = files.reduce((s, f) => s + f.bytes, 0);
    for (const f of files) emit({ kind: 'transfer', visit: 'cold', ...f });
    // when each file was asked for and done, on the proxy's clock (from navigation)
    for (const t of proxy.transfers)
      emit({ kind: 'timeline', path: t.path, bytes: t.bytes, requestedMs: Math.round(t.requestedMs), doneMs: Math.round(t.doneMs) });
    emit({ kind: 'first-visit', link, bytesToFirstResult: untilResult, bytesWholeVisit: total, requests: proxy.transfers.length,
      duplicated: files.filter((f) => f.requests > 1).map((f) => f.path), ...cold });

    if (firstOnly) return void (await context.close());
    // 2. A reload (everything cached): Restore click to result, the person painting as fast as a test can.
    proxy.reset();
    await page.reload();
    const warm = await photoToResult(page);
    emit({ kind: 'reload', link, bytes: proxy.transfers.reduce((s, t) => s + t.bytes, 0), faceMs: warm.faceMs, restoreFeltMs: warm.restoreFeltMs, firstResultMs: warm.firstResultMs });
    await context.close();
  } finally {
    await proxy.close();
  }

  // 3. The face box on a cold page at full speed: the photo opened as soon as the page takes it,
  // 4 s after navigation (about as soon as a person has picked a file), and 8 s (the page settled).
  for (const openAfterMs of [0, 4000, 8000]) {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${upstream}/?ep=wasm`);
    const cold = await photoToResult(page, openAfterMs);
    emit({ kind: 'face-box', cache: 'cold', openedAtMs: cold.opened, faceMs: cold.faceMs, restoreFeltMs: cold.restoreFeltMs });
    await context.close();
  }
}

export function printFirstVisit(rows: Record<string, unknown>[]) {
  const mb = (v: unknown) => (Number(v) / 1e6).toFixed(2);
  const s = (v: unknown) => (Number(v) / 1000).toFixed(2);
  const visit = rows.find((r) => r.kind === 'first-visit');
  if (!visit) return;
  console.log('\ncold first visit over 10 Mbit/s + 40 ms, bytes on the wire per file');
  for (const r of rows.filter((x) => x.kind === 'transfer' && Number(x.bytes) > 2000))
    console.log(`  ${String(r.path).padEnd(52)}${mb(r.bytes).padStart(7)} MB ${String(r.encoding || 'identity').padEnd(8)}${Number(r.requests) > 1 ? ` x${r.requests}` : ''}`);
  console.log(`  to the first result: ${mb(visit.bytesToFirstResult)} MB; whole visit: ${mb(visit.bytesWholeVisit)} MB in ${visit.requests} responses; more than once: ${(visit.duplicated as string[]).join(', ') || 'none'}`);
  const all = [...rows.filter((r) => r.kind === 'first-visit-repeat'), visit].map((r) => Number(r.firstResultMs));
  const median = [...all].sort((a, b) => a - b)[Math.floor(all.length / 2)];
  console.log(`  navigation -> first result, ${all.length} cold visits: median ${s(median)} s (${all.map(s).join(', ')} s)`);
  console.log(`  the last: navigation -> first result ${s(visit.firstResultMs)} s (photo opened at ${s(visit.opened)} s, face box ${s(visit.faceMs)} s, painted at ${s(visit.paintedAt)} s, Restore enabled and clicked at ${s(visit.clickAt)} s, click -> result ${s(visit.restoreFeltMs)} s: ${visit.timing})`);
  for (const r of rows.filter((x) => x.kind === 'timeline' && Number(x.bytes) > 50_000))
    console.log(`  ${String(r.path).padEnd(52)} asked at ${s(r.requestedMs)} s, done at ${s(r.doneMs)} s`);
  const reload = rows.find((r) => r.kind === 'reload');
  if (reload) console.log(`after a reload: ${mb(reload.bytes)} MB over the link; face box ${s(reload.faceMs)} s; Restore click -> result ${s(reload.restoreFeltMs)} s`);
  for (const face of rows.filter((r) => r.kind === 'face-box')) console.log(`cold page at full speed: photo opened at ${s(face.openedAtMs)} s, face box ${s(face.faceMs)} s after, Restore click -> result ${s(face.restoreFeltMs)} s`);
}
