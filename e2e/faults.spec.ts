// Faults: model downloads that fail (404, truncated, wrong bytes), a worker that crashes or a run
// that throws, WebGPU that cannot be used, and two Restores in a row. Each must leave a clear
// message, keep the photo and strokes, and recover.
import { expect, test, type Page } from '@playwright/test';
import { AppPage, expectRestored, SAMPLE_PATH } from './fixtures/app';

const STROKE: [number, number][] = [[215, 128], [250, 124], [290, 130]];

async function photoAndStroke(app: AppPage) {
  await app.upload(SAMPLE_PATH);
  await app.paint(STROKE, 512, 512);
  expect(await app.strokeCount()).toBe(1);
}

async function expectDone(page: Page) {
  await expectRestored(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
}

/** URLs of the model cache's entries, read in the page. */
const cachedModels = (page: Page) =>
  page.evaluate(async () => {
    const cache = await caches.open('isfrnet-models-v1');
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });

test.describe('a model file that fails to download', () => {
  const cases: { name: string; serve: (real: Buffer) => { status: number; body: Buffer }; message: RegExp }[] = [
    { name: 'missing (404)', serve: () => ({ status: 404, body: Buffer.from('not found') }), message: /HTTP 404.*Press Retry/ },
    { name: 'truncated', serve: (real) => ({ status: 200, body: real.subarray(0, real.length >> 1) }), message: /incomplete: \d+ bytes of \d+.*press Retry/ },
    {
      name: 'not matching its sha256',
      serve: (real) => {
        const bad = Buffer.from(real);
        bad[bad.length >> 1] ^= 0xff;
        return { status: 200, body: bad };
      },
      message: /sha256 does not match.*Nothing was cached; press Retry/,
    },
  ];
  for (const c of cases) {
    test(`${c.name}: a clear error, nothing cached, Retry downloads it and restores`, async ({ page, context }) => {
      const app = new AppPage(page);
      let broken = true;
      await context.route('**/models/refine.onnx', async (route) => {
        if (!broken) return route.continue();
        const real = (await route.fetch()).body();
        const { status, body } = c.serve(await real);
        await route.fulfill({ status, body, contentType: 'application/octet-stream' });
      });
      await app.open('?ep=wasm');
      await photoAndStroke(app);
      await app.clickRestore();
      await expect(page.getByTestId('error')).toContainText(c.message, { timeout: 60_000 });
      await expect(page.getByTestId('error')).toContainText('refine.onnx');
      expect(await cachedModels(page)).not.toContainEqual(expect.stringContaining('refine.onnx'));
      // Nothing the person made is lost.
      await expect(page.getByTestId('photo-meta')).toContainText('astronaut');
      expect(await app.strokeCount()).toBe(1);
      if (c.name.startsWith('missing')) await app.shot('fault-model-404.png');

      broken = false;
      await page.getByTestId('retry').click();
      await expectDone(page);
      expect(await cachedModels(page)).toContainEqual(expect.stringContaining('refine.onnx'));
    });
  }
});

test('a worker that crashes mid-run: error shown, a new worker starts, the next run works', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm&testHooks&fault=crash-on-run');
  await photoAndStroke(app);
  expect(await page.evaluate(() => (window as unknown as { __workersStarted(): number }).__workersStarted())).toBe(1);
  await app.clickRestore();
  await expect(page.getByTestId('error')).toContainText(/stopped unexpectedly.*injected fault.*press Retry/);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __workersStarted(): number }).__workersStarted())).toBe(2);
  await app.shot('fault-worker-crash.png');
  expect(await app.strokeCount()).toBe(1);
  await page.getByTestId('retry').click();
  await expectDone(page);
});

test('a run that throws: error shown, a fresh worker, the next run works', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm&testHooks&fault=throw-on-run');
  await photoAndStroke(app);
  await app.clickRestore();
  await expect(page.getByTestId('error')).toContainText('injected fault: the graph run failed');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __workersStarted(): number }).__workersStarted())).toBe(2);
  expect(await app.strokeCount()).toBe(1);
  await app.clickRestore();
  await expectDone(page);
});

test('a worker that never answers its start is replaced: the engine comes up and Restore works', async ({ page }) => {
  const app = new AppPage(page);
  // The watchdog's 45 s shortened to 15 s (a real start takes 2-10 s here under load); the first
  // worker gets the fault, its replacement does not.
  await app.open('?ep=wasm&testHooks&fault=hang-on-init&startStallMs=15000');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-ep', 'wasm');
  expect(await page.evaluate(() => (window as unknown as { __workersStarted(): number }).__workersStarted())).toBe(2);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await photoAndStroke(app);
  await app.clickRestore();
  await expectDone(page);
});

test.describe('WebGPU that cannot be used falls back to WASM, says so, and the run completes', () => {
  const cases: { fault: string; reason: RegExp }[] = [
    { fault: 'gpu-no-adapter', reason: /no WebGPU adapter/ },
    { fault: 'gpu-software', reason: /only a software WebGPU adapter/ },
    { fault: 'gpu-hang', reason: /did not answer within 5 s/ },
    { fault: 'gpu-session-fail', reason: /WebGPU session failed/ },
  ];
  for (const c of cases) {
    test(c.fault, async ({ page }) => {
      const app = new AppPage(page);
      // ?ep=webgpu: asked for explicitly, so even "no adapter" is a fallback the badge must name.
      await app.open(`?ep=${c.fault === 'gpu-no-adapter' ? 'webgpu' : 'auto'}&testHooks&fault=${c.fault}`);
      await photoAndStroke(app);
      await app.clickRestore();
      await expectDone(page);
      await expect(page.getByTestId('backend')).toHaveAttribute('data-ep', 'wasm');
      await expect(page.getByTestId('backend')).toContainText('WebGPU unavailable');
      await expect(page.getByTestId('backend-reason')).toContainText(c.reason);
      if (c.fault === 'gpu-session-fail') await app.shot('fault-webgpu-session.png');
    });
  }
});

test('two Restores in a row: the newest wins and the older result never lands', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await photoAndStroke(app);
  const refine = async () => Buffer.from((await app.canvasPixels('stage-refine')).data);

  // Seed 111 starts (its first run also downloads the model: seconds), then a second Restore with
  // seed 222 while it is still in flight.
  await page.getByTestId('seed').fill('111');
  await app.clickRestore();
  await expect(page.getByTestId('restore')).toHaveAttribute('data-busy', 'true');
  await page.getByTestId('seed').fill('222');
  await app.clickRestore();
  await expectDone(page);
  // Let any late reply of the first run arrive: it must be dropped.
  await page.waitForTimeout(1500);
  const raced = await refine();

  // The same restore alone, with each seed: the raced result is seed 222's, not seed 111's.
  await app.restoreAgain();
  await expectDone(page);
  expect(raced.equals(await refine())).toBe(true);
  await page.getByTestId('seed').fill('111');
  await app.restoreAgain();
  await expectDone(page);
  expect(raced.equals(await refine())).toBe(false);
});
