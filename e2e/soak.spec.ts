// The soak (`npm run soak`; also in the full suite): 50 restores with different masks in one page.
// The inference worker's memory after the last run must be within 10% of after the fifth, and open
// ORT sessions, live tensors and object URLs must not grow. Figures are printed and written to
// test-results/soak.json. Needs --enable-blink-features=ForceEagerMeasureMemory (the soak project).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, expectRestored, ROOT, SAMPLE_PATH } from './fixtures/app';

const RUNS = 50;

interface Sample {
  run: number;
  workerBytes: number;
  pageBytes: number;
  sessions: number;
  sessionsCreated: number;
  liveTensors: number;
  objectUrls: number;
}

/** Bytes per realm kind from measureUserAgentSpecificMemory: the workers (ours and ORT's threads) and the page. */
async function measure(page: Page): Promise<{ workerBytes: number; pageBytes: number }> {
  return page.evaluate(async () => {
    const perf = performance as Performance & {
      measureUserAgentSpecificMemory(): Promise<{ breakdown: { bytes: number; attribution: { scope: string }[] }[] }>;
    };
    const result = await perf.measureUserAgentSpecificMemory();
    let workerBytes = 0;
    let pageBytes = 0;
    for (const b of result.breakdown) {
      const scope = b.attribution[0]?.scope ?? '';
      if (scope === 'DedicatedWorkerGlobalScope') workerBytes += b.bytes;
      else if (scope === 'Window') pageBytes += b.bytes;
    }
    return { workerBytes, pageBytes };
  });
}

test('50 restores in one page: worker memory, sessions, tensors and object URLs stay flat', async ({ page }) => {
  test.setTimeout(600_000);
  // Count object URLs the page makes and frees.
  await page.addInitScript(() => {
    const w = window as unknown as { __liveUrls: number };
    w.__liveUrls = 0;
    const create = URL.createObjectURL.bind(URL);
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.createObjectURL = (o: Blob | MediaSource) => {
      w.__liveUrls++;
      return create(o);
    };
    URL.revokeObjectURL = (u: string) => {
      w.__liveUrls--;
      revoke(u);
    };
  });
  const app = new AppPage(page);
  await app.open('?ep=wasm&testHooks');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await app.upload(SAMPLE_PATH);

  const samples: Sample[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // A different mask every run: a stroke that wanders over the face, some runs with a second one.
    if ((await app.strokeCount()) > 0) await page.getByTestId('clear').click();
    const dx = (run * 37) % 90;
    const dy = (run * 23) % 70;
    await app.paint([[190 + dx, 110 + dy], [230 + dx, 120 + dy], [260 + dx, 105 + dy]], 512, 512);
    if (run % 3 === 0) await app.paint([[220, 200 - dy / 2], [300, 190]], 512, 512);
    await app.clickRestore();
    await expectRestored(page);
    if (run === 5 || run % 10 === 0) {
      const stats = await page.evaluate(() => (window as unknown as { __engine: { stats(): Promise<{ sessions: number; sessionsCreated: number; liveTensors: number }> } }).__engine.stats());
      const objectUrls = await page.evaluate(() => (window as unknown as { __liveUrls: number }).__liveUrls);
      samples.push({ run, ...(await measure(page)), ...stats, objectUrls });
    }
    await page.getByTestId('tab-edit').click();
  }

  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  console.log('run  worker MiB  page MiB  sessions  created  liveTensors  objectURLs');
  for (const s of samples) {
    console.log(`${String(s.run).padStart(3)}  ${mb(s.workerBytes).padStart(10)}  ${mb(s.pageBytes).padStart(8)}  ${String(s.sessions).padStart(8)}  ${String(s.sessionsCreated).padStart(7)}  ${String(s.liveTensors).padStart(11)}  ${String(s.objectUrls).padStart(10)}`);
  }
  const fifth = samples[0];
  const last = samples[samples.length - 1];
  const growth = last.workerBytes / fifth.workerBytes - 1;
  console.log(`worker memory after run ${RUNS} vs run 5: ${(growth * 100).toFixed(1)}%`);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results', 'soak.json'), JSON.stringify({ runs: RUNS, growth, samples }, null, 2));

  expect(fifth.workerBytes).toBeGreaterThan(1 << 20);
  expect(Math.abs(growth)).toBeLessThan(0.1);
  expect(last.sessions).toBe(3);
  expect(last.sessionsCreated).toBe(fifth.sessionsCreated);
  expect(last.liveTensors).toBe(0);
  expect(last.objectUrls).toBeLessThanOrEqual(fifth.objectUrls);
});
