// CI smoke run of `npm run eval` (4 faces, when ../shared/data exists) and `npm run bench`
// (few runs, no WebGPU) on the built app: both commands must run end to end and print sane figures.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

type Row = Record<string, unknown>;
const jsonLines = (out: string): Row[] => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const fail = (msg: string): never => {
  console.error(`smoke: ${msg}`);
  process.exit(1);
};
const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

if (existsSync('../shared/data/faces/eval/utkface')) {
  const rows = jsonLines(execFileSync('npx', ['tsx', 'tools/eval/run.ts', '--n', '4'], { encoding: 'utf8' }));
  for (const bucket of ['20-40', '40-60'])
    for (const method of ['isfrnet', 'stage1', 'stage2', 'opencv_ns', 'opencv_telea']) {
      const r = rows.find((x) => x.bucket === bucket && x.method === method);
      if (!r || r.n !== 4 || !finite(r.psnr) || !finite(r.ssim) || !finite(r.l1) || !finite(r.identity)) fail(`eval row ${bucket}/${method}: ${JSON.stringify(r)}`);
    }
  console.log('smoke: npm run eval on 4 faces: ok');
} else {
  console.log('smoke: ../shared/data not found; eval smoke skipped');
}

if (!existsSync('dist/index.html')) fail('dist/ is missing: build the app first (npm run build)');
const rows = jsonLines(execFileSync('npx', ['tsx', 'tools/bench/run.ts', '--runs', '3', '--soak', '10', '--no-webgpu', '--visits', '1'], { encoding: 'utf8' }));
for (const where of ['chromium-wasm', 'onnxruntime-node', 'chromium-opencv-ns']) {
  const r = rows.find((x) => x.kind === 'latency' && x.where === where && x.stage === 'total');
  if (!r || !finite(r.median) || Number(r.median) <= 0) fail(`bench latency ${where}: ${JSON.stringify(r)}`);
}
const threads = new Set(rows.filter((x) => x.kind === 'latency' && x.where === 'chromium-wasm').map((x) => x.threads));
if (!threads.has(1) || !threads.has(2)) fail(`bench: WASM thread counts measured ${[...threads].join(', ')}, expected 1 and 2`);
for (const cache of ['cold', 'warm'])
  if (!rows.some((x) => x.kind === 'startup' && x.cache === cache && finite(x.firstResultMs))) fail(`bench: no ${cache} start`);
if (!rows.some((x) => x.kind === 'memory' && finite(x.workerPeakBytes))) fail('bench: no worker memory figures');
const visit = rows.find((x) => x.kind === 'first-visit');
if (!visit || !finite(visit.bytesToFirstResult) || Number(visit.bytesToFirstResult) <= 0 || !finite(visit.firstResultMs)) fail(`bench: first visit ${JSON.stringify(visit)}`);
if (!rows.some((x) => x.kind === 'transfer' && String(x.path).endsWith('.wasm'))) fail('bench: the first visit fetched no .wasm through the proxy');
if (!rows.some((x) => x.kind === 'big-photo' && finite(x.restoreFeltMs))) fail('bench: no 24 MP figures');
console.log('smoke: npm run bench (3 runs, no WebGPU): ok');
