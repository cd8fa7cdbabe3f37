// npm run bench [-- --runs 20 --soak 50 --no-webgpu --out bench.jsonl --port 4174 --visit-only --big-only --first-only --visits 3]
//
// Speed of exactly what ships, where users run it: the production build served by `vite preview`
// (COOP/COEP on), driven in Debian's headless Chromium. Reports cold start (empty cache), warm
// start (from Cache Storage), per-stage and total latency (median, p90) on WASM with 1 and 2
// threads, WebGPU (a software adapter is reported separately, marked as such), the worker's
// memory over `--soak` runs, onnxruntime-node for reference, graph bytes and FLOPs (counted
// from the ONNX files) with the GFLOP/s achieved, and OpenCV.js Navier-Stokes on the same crop.
// Prints a table for people and JSON lines for machines.
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import onnxProto from 'onnx-proto';
import { countFlops } from '../../src/lib/flops';
import { GRAPH_ORDER, validateManifest } from '../../src/lib/manifest';
import { runPipeline } from '../../src/worker/pipeline';
import { loadModels } from '../eval/nodeRuntime';
import { bigPhotoRows, printBigPhoto } from './bigPhoto';
import { firstVisitRows, printFirstVisit } from './firstVisit';
import { opencvNsInPage, runPipelineInPage, workerMemoryInPage, type RunTiming } from './page';
import { summarize } from './stats';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    soak: { type: 'string', default: '50' },
    'webgpu-runs': { type: 'string', default: '2' },
    'no-webgpu': { type: 'boolean', default: false },
    /** only the first-visit part (bytes, link, face box, reload) */
    'visit-only': { type: 'boolean', default: false },
    /** only the 24-megapixel photo */
    'big-only': { type: 'boolean', default: false },
    /** only the cold first visit */
    'first-only': { type: 'boolean', default: false },
    /** cold first visits over the shaped link; the median is reported */
    visits: { type: 'string', default: '3' },
    out: { type: 'string' },
    port: { type: 'string', default: '4174' },
  },
});
const RUNS = Number(args.runs);
const SOAK = Number(args.soak);
const ORIGIN = `http://localhost:${args.port}`;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-blink-features=ForceEagerMeasureMemory'];
const rows: Record<string, unknown>[] = [];
const emit = (row: Record<string, unknown>) => {
  rows.push(row);
  console.log(JSON.stringify(row));
};

const manifest = validateManifest(JSON.parse(readFileSync('public/models/manifest.json', 'utf8')));
const R = manifest.R;
const flops: Record<string, number> = {};
for (const g of GRAPH_ORDER) {
  const file = join('public/models', manifest.graphs[g].file);
  flops[g] = countFlops(onnxProto.onnx.ModelProto.decode(readFileSync(file)).graph!).total;
  emit({ kind: 'graph', graph: g, bytes: manifest.graphs[g].bytes, gflops: flops[g] / 1e9 });
}
flops.total = GRAPH_ORDER.reduce((s, g) => s + flops[g], 0);

function latencyRows(where: string, extra: Record<string, unknown>, timings: RunTiming[]) {
  for (const stage of [...GRAPH_ORDER, 'total'] as const) {
    const values = timings.map((t) => (stage === 'total' ? t.total : t[stage])).filter((v): v is number => v !== undefined);
    const s = summarize(values);
    emit({ kind: 'latency', where, ...extra, stage, ...s, gflopPerS: flops[stage] / 1e9 / (s.median / 1000) });
  }
}

async function startPreview(): Promise<() => void> {
  const child = spawn('npx', ['vite', 'preview', '--port', args.port, '--strictPort'], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(ORIGIN)).ok)
        return () => {
          try {
            process.kill(-child.pid!); // the whole group: npx and vite
          } catch {
            child.kill();
          }
        };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('vite preview did not start (run `npm run build` first)');
}

/**
 * OpenCV.js Navier-Stokes in a page of its own, served by Playwright from node_modules: OpenCV's
 * bindings compile code with `new Function`, which the app's Content-Security-Policy (rightly)
 * refuses, so the baseline cannot run inside the app's page.
 */
async function opencvNsRuns(browser: Browser, runs: number): Promise<number[]> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.route('**/__bench/**', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    if (name === 'opencv.html') return route.fulfill({ body: '<!doctype html><title>OpenCV.js baseline</title>', contentType: 'text/html' });
    return route.fulfill({ path: join('node_modules/@opencvjs/web/lib', name), contentType: 'text/javascript' });
  });
  await page.goto(`${ORIGIN}/__bench/opencv.html`);
  const times = await page.evaluate(opencvNsInPage, { runs, R });
  await context.close();
  return times;
}

async function rendererRss(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { id: number; type: string }[] };
  let rss = 0;
  for (const p of processInfo.filter((q) => q.type === 'renderer')) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'));
      rss += m ? Number(m[1]) * 1024 : 0;
    } catch {
      /* the process ended */
    }
  }
  await cdp.detach();
  return rss;
}

/** Opens the app; returns ms from navigation start to the engine being ready and to the first result. */
async function openAndFirstRun(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => '__engine' in window, null, { timeout: 120_000 });
  const ready = await page.evaluate(() => performance.now());
  await page.evaluate(runPipelineInPage, { runs: 1, R, seed: 1 });
  const first = await page.evaluate(() => performance.now());
  const info = await page.evaluate(() => (window as unknown as { __engineInfo: () => { backend: Record<string, unknown> } }).__engineInfo());
  return { ready, first, backend: info.backend };
}

async function browserRuns(browser: Browser, label: string, query: string, runs: number, soak: number) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const url = `${ORIGIN}/?testHooks&${query}`;
  const cold = await openAndFirstRun(page, url);
  emit({ kind: 'startup', where: label, cache: 'cold', readyMs: cold.ready, firstResultMs: cold.first, backend: cold.backend });
  const warm = await openAndFirstRun(page, url); // same context: Cache Storage and HTTP cache kept
  emit({ kind: 'startup', where: label, cache: 'warm', readyMs: warm.ready, firstResultMs: warm.first, backend: warm.backend });
  const backend = warm.backend as { ep: string; threads: number; reason: string };
  const software = /software/.test(backend.reason);
  const where = backend.ep === 'webgpu' ? (software ? 'chromium-webgpu-SOFTWARE-adapter' : 'chromium-webgpu') : `chromium-wasm`;
  const timings = await page.evaluate(runPipelineInPage, { runs, R, seed: 100 });
  latencyRows(where, { threads: backend.ep === 'wasm' ? backend.threads : undefined, adapter: backend.ep === 'webgpu' ? (backend as { adapter?: string }).adapter : undefined }, timings);
  if (soak > 0) {
    const samples: { run: number; workerBytes: number | null; rendererRss: number }[] = [];
    for (let done = 0; done < soak; done += 5) {
      await page.evaluate(runPipelineInPage, { runs: 5, R, seed: 1000 + done });
      const mem = await page.evaluate(workerMemoryInPage);
      samples.push({ run: done + 5, workerBytes: mem?.worker ?? null, rendererRss: await rendererRss(browser) });
    }
    const w = samples.map((s) => s.workerBytes ?? 0);
    emit({ kind: 'memory', where, threads: backend.threads, runs: soak, workerPeakBytes: Math.max(...w), workerAfter5: w[0], workerAfterLast: w[w.length - 1],
      growthAfter5: w[0] ? w[w.length - 1] / w[0] - 1 : null, rendererRssPeak: Math.max(...samples.map((s) => s.rendererRss)), samples });
  }
  await context.close();
}

async function nodeRuns(threads: number) {
  const { sessions } = await loadModels('public/models', threads);
  const image = new Uint8ClampedArray(R * R * 4).fill(128);
  const mask = new Float32Array(R * R).map((_, i) => (i % R > R / 4 && i % R < (3 * R) / 4 ? 1 : 0));
  const timings: RunTiming[] = [];
  for (let r = 0; r < RUNS + 2; r++) {
    const t: RunTiming = { total: 0 };
    const started = performance.now();
    await runPipeline(sessions, manifest, { rgba: image, mask, seed: r }, { onRunning() {}, onStage: (s, _c, ms) => (t[s] = ms), isStale: () => false });
    t.total = performance.now() - started;
    if (r >= 2) timings.push(t); // two warm-up runs
  }
  latencyRows('onnxruntime-node', { threads }, timings);
  for (const s of Object.values(sessions)) await s.release();
}

class VisitOnly extends Error {}
const stop = await startPreview();
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  emit({ kind: 'machine', cpus: availableParallelism(), cpu: cpus()[0]?.model, browser: `Chromium ${browser.version()}`, node: process.version, date: new Date().toISOString() });
  if (!args['big-only']) await firstVisitRows(browser, ORIGIN, Number(args.port) + 1, emit, args['first-only'], Math.max(1, Number(args.visits)));
  if (!args['first-only']) await bigPhotoRows(browser, ORIGIN, emit);
  if (args['visit-only'] || args['big-only'] || args['first-only']) {
    await browser.close();
    throw new VisitOnly();
  }
  await browserRuns(browser, 'wasm-1', 'ep=wasm&threads=1', RUNS, 0);
  await browserRuns(browser, 'wasm-2', 'ep=wasm&threads=2', RUNS, SOAK);
  emit({ kind: 'latency', where: 'chromium-opencv-ns', stage: 'total', ...summarize(await opencvNsRuns(browser, RUNS)) });
  await browser.close();
  if (!args['no-webgpu']) {
    const gpu = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] });
    await browserRuns(gpu, 'webgpu', 'ep=webgpu', Number(args['webgpu-runs']), 0);
    await gpu.close();
  }
  await nodeRuns(1);
  await nodeRuns(2);
} catch (err) {
  if (!(err instanceof VisitOnly)) throw err;
} finally {
  stop();
}

printFirstVisit(rows);
printBigPhoto(rows);
// The human table.
const f = (v: unknown, d = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '-');
console.log('\nlatency (ms)                          stage       median     p90   GFLOP/s');
for (const r of rows.filter((x) => x.kind === 'latency')) {
  const where = `${r.where}${r.threads ? ` (${r.threads} thr)` : ''}`;
  console.log(`${where.padEnd(38)}${String(r.stage).padEnd(10)}${f(r.median).padStart(8)}${f(r.p90).padStart(8)}${f(r.gflopPerS, 2).padStart(10)}`);
}
console.log('\nstartup (ms from navigation)          ready   first result');
for (const r of rows.filter((x) => x.kind === 'startup')) console.log(`${`${r.where} ${r.cache}`.padEnd(38)}${f(r.readyMs, 0).padStart(6)}${f(r.firstResultMs, 0).padStart(15)}`);
for (const r of rows.filter((x) => x.kind === 'memory'))
  console.log(`\nworker memory over ${r.runs} runs (${r.where}): after 5 ${f(Number(r.workerAfter5) / 2 ** 20)} MiB, after ${r.runs} ${f(Number(r.workerAfterLast) / 2 ** 20)} MiB, peak ${f(Number(r.workerPeakBytes) / 2 ** 20)} MiB (growth ${f(Number(r.growthAfter5) * 100)}%); renderer RSS peak ${f(Number(r.rendererRssPeak) / 2 ** 20)} MiB`);
console.log('\ngraphs: ' + rows.filter((x) => x.kind === 'graph').map((r) => `${r.graph} ${f(Number(r.bytes) / 1e6, 1)} MB ${f(r.gflops, 3)} GFLOP`).join(', '));
if (args.out) appendFileSync(args.out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
