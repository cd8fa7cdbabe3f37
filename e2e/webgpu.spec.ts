// WebGPU on Chromium's software adapter (--enable-unsafe-webgpu): the session is created on
// WebGPU and its output matches WASM within 1e-3. SwiftShader is 100-300x slower than WASM, so
// this runs only the small `structure` graph, through a test-only hook on the engine.
import { expect, test, type Page } from '@playwright/test';
import { AppPage, SAMPLE_PATH } from './fixtures/app';

/** Runs the structure graph on deterministic inputs in the page; returns its output. */
async function runStructure(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const engine = (window as unknown as { __engine: { runGraph(g: string, f: Record<string, Float32Array>): Promise<{ output: Float32Array }> } }).__engine;
    const manifest = await (await fetch('/models/manifest.json')).json();
    const R: number = manifest.R;
    const image = new Float32Array(3 * R * R);
    const mask = new Float32Array(R * R);
    const prior = new Float32Array(3 * R * R);
    for (let y = 0; y < R; y++)
      for (let x = 0; x < R; x++) {
        const i = y * R + x;
        const hole = Math.abs(x - R / 2) < R / 5 && Math.abs(y - R / 2) < R / 6 ? 1 : 0;
        mask[i] = hole;
        for (let c = 0; c < 3; c++) {
          const v = Math.sin((x + 3 * c) / 9) * Math.cos((y - 2 * c) / 13) * 0.8;
          image[c * R * R + i] = hole ? 0 : v;
          prior[c * R * R + i] = hole ? Math.tanh(v * 1.7 + 0.1 * c) : v;
        }
      }
    const { output } = await engine.runGraph('structure', { image, mask, prior_composite: prior });
    return Array.from(output);
  });
}

test('structure graph on WebGPU (software adapter) matches WASM within 1e-3', async ({ browser }) => {
  const gpuPage = await browser.newPage();
  const gpu = new AppPage(gpuPage);
  await gpu.open('?ep=webgpu&testHooks');
  await expect(gpuPage.getByTestId('backend')).toHaveAttribute('data-ep', 'webgpu');
  const onGpu = await runStructure(gpuPage);
  // Still WebGPU after the session was created: no silent fallback to WASM happened.
  await expect(gpuPage.getByTestId('backend')).toHaveAttribute('data-ep', 'webgpu');
  await expect(gpuPage.getByTestId('backend')).toHaveText('WebGPU');
  await gpuPage.close();

  const cpuPage = await browser.newPage();
  const cpu = new AppPage(cpuPage);
  await cpu.open('?ep=wasm&testHooks');
  await expect(cpuPage.getByTestId('backend')).toHaveAttribute('data-ep', 'wasm');
  const onCpu = await runStructure(cpuPage);
  await cpuPage.close();

  expect(onGpu.length).toBe(onCpu.length);
  let maxDiff = 0;
  for (let i = 0; i < onCpu.length; i++) maxDiff = Math.max(maxDiff, Math.abs(onGpu[i] - onCpu[i]));
  console.log(`structure graph, ${onCpu.length} values: max |WebGPU - WASM| = ${maxDiff.toExponential(2)}`);
  expect(onGpu.every(Number.isFinite)).toBe(true);
  expect(maxDiff).toBeLessThan(1e-3);
});

test('WebGPU lost in the middle of a restore: the run is redone on WASM, completes, and the header says so', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=webgpu&testHooks&fault=gpu-lost-on-run');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-ep', 'webgpu');
  await app.upload(SAMPLE_PATH);
  await app.paint([[230, 175], [285, 172]], 512, 512);
  await page.getByTestId('restore').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'done', { timeout: 170_000 });
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-ep', 'wasm');
  await expect(page.getByTestId('backend-reason')).toContainText('WebGPU failed during a run (injected fault: the GPU device was lost)');
});
