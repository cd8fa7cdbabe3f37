// Code that runs inside the app's page (serialised by Playwright's page.evaluate): the engine
// client of the real app (exposed with ?testHooks), driven without the UI.

export interface RunTiming {
  total: number;
  prior?: number;
  structure?: number;
  refine?: number;
}

interface Engine {
  run(image: Uint8ClampedArray, mask: Float32Array, seed: number, cb: object): Promise<{ kind: string }>;
}

/** Runs the pipeline `runs` times on a generated crop with a ~30% hole; per-stage ms from the worker. */
export async function runPipelineInPage({ runs, R, seed }: { runs: number; R: number; seed: number }): Promise<RunTiming[]> {
  const engine = (window as unknown as { __engine: Engine }).__engine;
  const image = new Uint8ClampedArray(R * R * 4);
  const mask = new Float32Array(R * R);
  for (let y = 0; y < R; y++) {
    for (let x = 0; x < R; x++) {
      const i = y * R + x;
      image.set([(x * 255) / R, (y * 255) / R, 128, 255], i * 4);
      const dx = x / R - 0.5;
      const dy = y / R - 0.55;
      mask[i] = dx * dx + dy * dy < 0.1 ? 1 : 0;
    }
  }
  const out: RunTiming[] = [];
  for (let r = 0; r < runs; r++) {
    const t: RunTiming = { total: 0 };
    const started = performance.now();
    const outcome = await engine.run(image, mask, seed + r, {
      onDownload() {},
      onRunning() {},
      onStage(stage: 'prior' | 'structure' | 'refine', _rgba: Uint8ClampedArray, ms: number) {
        t[stage] = ms;
      },
    });
    if (outcome.kind !== 'done') throw new Error(`run ${r} ended ${outcome.kind}`);
    t.total = performance.now() - started;
    out.push(t);
  }
  return out;
}

/** Bytes the worker holds (JS heap and WebAssembly memory), from measureUserAgentSpecificMemory. */
export async function workerMemoryInPage(): Promise<{ worker: number; total: number } | null> {
  const perf = performance as Performance & {
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; attribution: { scope?: string }[] }[] }>;
  };
  if (!perf.measureUserAgentSpecificMemory) return null;
  // The measurement waits for a garbage collection; it has been seen to stall, so give up after 20 s.
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000));
  const m = await Promise.race([perf.measureUserAgentSpecificMemory(), timeout]);
  if (!m) return null;
  const worker = m.breakdown
    .filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope'))
    .reduce((s, b) => s + b.bytes, 0);
  return { worker, total: m.bytes };
}

/** OpenCV.js Navier-Stokes (radius 3) on the same generated crop and mask, `runs` times. */
export async function opencvNsInPage({ runs, R }: { runs: number; R: number }): Promise<number[]> {
  const { loadOpenCV } = await import(/* @vite-ignore */ `${location.origin}/__bench/opencv/index.js`);
  const cv = await loadOpenCV();
  const src = new cv.Mat(R, R, cv.CV_8UC3);
  const m = new cv.Mat(R, R, cv.CV_8UC1);
  for (let y = 0; y < R; y++) {
    for (let x = 0; x < R; x++) {
      const i = y * R + x;
      src.data.set([(x * 255) / R, (y * 255) / R, 128], i * 3);
      const dx = x / R - 0.5;
      const dy = y / R - 0.55;
      m.data[i] = dx * dx + dy * dy < 0.1 ? 255 : 0;
    }
  }
  const dst = new cv.Mat();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    cv.inpaint(src, m, dst, 3, cv.INPAINT_NS);
    times.push(performance.now() - t);
  }
  src.delete();
  m.delete();
  dst.delete();
  return times;
}
