// WebGPU on Chromium's software adapter (--enable-unsafe-webgpu): the sessions are created on
// WebGPU and their outputs match WASM within 1e-3. SwiftShader is 100-300x slower than WASM, so
// this runs the structure and refine graphs (not the prior), through a test-only hook on the engine.
import { expect, test, type Page } from '@playwright/test';
import { AppPage, expectRestored, SAMPLE_PATH } from './fixtures/app';

/** Runs the structure or refine graph on deterministic inputs in the page; returns its output. */
async function runGraph(page: Page, graph: 'structure' | 'refine'): Promise<number[]> {
  return page.evaluate(async (graph) => {
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
    // the refine graph takes the same kind of composite as its third input
    const third = graph === 'structure' ? 'prior_composite' : 'structure_composite';
    const { output } = await engine.runGraph(graph, { image, mask, [third]: prior });
    return Array.from(output);
  }, graph);
}

test('structure and refine graphs on WebGPU (software adapter) match WASM within 1e-3', async ({ browser }) => {
  const gpuPage = await browser.newPage();
  const gpu = new AppPage(gpuPage);
  await gpu.open('?ep=webgpu&testHooks');
  await expect(gpuPage.getByTestId('backend')).toHaveAttribute('data-ep', 'webgpu');
  const onGpu = { structure: await runGraph(gpuPage, 'structure'), refine: await runGraph(gpuPage, 'refine') };
  // Still WebGPU after the session was created: no silent fallback to WASM happened.
  await expect(gpuPage.getByTestId('backend')).toHaveAttribute('data-ep', 'webgpu');
  await expect(gpuPage.getByTestId('backend')).toHaveText('WebGPU');
  await gpuPage.close();

  const cpuPage = await browser.newPage();
  const cpu = new AppPage(cpuPage);
  await cpu.open('?ep=wasm&testHooks');
  await expect(cpuPage.getByTestId('backend')).toHaveAttribute('data-ep', 'wasm');
  const onCpu = { structure: await runGraph(cpuPage, 'structure'), refine: await runGraph(cpuPage, 'refine') };
  await cpuPage.close();

  for (const graph of ['structure', 'refine'] as const) {
    const [g, c] = [onGpu[graph], onCpu[graph]];
    expect(g.length).toBe(c.length);
    let maxDiff = 0;
    for (let i = 0; i < c.length; i++) maxDiff = Math.max(maxDiff, Math.abs(g[i] - c[i]));
    console.log(`${graph} graph, ${c.length} values: max |WebGPU - WASM| = ${maxDiff.toExponential(2)}`);
    expect(g.every(Number.isFinite)).toBe(true);
    expect(maxDiff).toBeLessThan(1e-3);
  }
});

test('WebGPU lost in the middle of a restore: the run is redone on WASM, completes, and the header says so', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=webgpu&testHooks&fault=gpu-lost-on-run');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-ep', 'webgpu');
  await app.upload(SAMPLE_PATH);
  await app.paint([[230, 175], [285, 172]], 512, 512);
  await app.clickRestore();
  await expectRestored(page, 170_000);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-ep', 'wasm');
  await expect(page.getByTestId('backend-reason')).toContainText('WebGPU failed during a run (injected fault: the GPU device was lost)');
});
