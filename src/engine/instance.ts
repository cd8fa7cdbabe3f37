// The app's one engine: a module worker running onnxruntime-web, started at page load. A worker
// that crashes, or whose run failed (its WASM heap may be broken), is replaced by a fresh one;
// the photo and strokes live in the store on this thread, so nothing the person made is lost.
import { useAppStore } from '../store';
import type { EpChoice, Fault } from '../worker/protocol';
import { EngineClient } from './client';
import { faceDetectorIdle } from './face';
import { warmPasteInWorker } from './photoWorker';
import { prefetchRuntime } from './runtimePrefetch';

/** ?ep=webgpu or ?ep=wasm forces the backend; anything else lets the worker choose. */
export function epFromUrl(search: string): EpChoice {
  const ep = new URLSearchParams(search).get('ep');
  return ep === 'webgpu' || ep === 'wasm' ? ep : 'auto';
}

let client: EngineClient | null = null;
/** The longest the sessions wait for the face detector to go quiet. */
const FACE_FIRST_MAX_MS = 5000;
let started = 0;

export function engine(): EngineClient {
  if (!client) throw new Error('The engine has not been started.');
  return client;
}

/** Test hooks only: ?testHooks&fault=a,b injects faults into the page's first worker. */
function faultsFromUrl(params: URLSearchParams): Fault[] | undefined {
  if (!params.has('testHooks') || started > 1) return undefined;
  return (params.get('fault')?.split(',').filter(Boolean) as Fault[] | undefined) ?? undefined;
}

/** Starts a worker and initialises it. `quiet`: a replacement, so the current error stays shown. */
async function launch(quiet: boolean): Promise<void> {
  client?.dispose();
  started++;
  const worker = new Worker(new URL('../worker/inpaint.worker.ts', import.meta.url), { type: 'module', name: 'inpaint' });
  const mine = new EngineClient(worker, { initFirst: true });
  client = mine;
  exposeTestHooks(mine);
  mine.onBackend = (backend) => useAppStore.getState().setBackend(backend);
  mine.onCrash = () => {
    if (client === mine) void launch(true);
  };
  const params = new URLSearchParams(location.search);
  const threads = Number(params.get('threads')) || undefined; // benchmarks: ?threads=1
  if (!quiet) useAppStore.getState().setEngine('starting', null, null);
  try {
    // while the worker's script loads: the runtime's download starts here (first visit only)
    const runtime = await prefetchRuntime(epFromUrl(location.search));
    const { backend, model } = await mine.init(epFromUrl(location.search), `${location.origin}/models/`, threads, faultsFromUrl(params), runtime);
    if (client !== mine) return;
    if (quiet) useAppStore.getState().setBackend(backend);
    else useAppStore.getState().setEngine('ready', backend, model);
    // Before the click: the graphs download and their sessions open while the person chooses a
    // photo and paints. A failure here is not shown: Restore tries again and says what failed.
    // The face box comes first (the graphs keep downloading meanwhile): compiling the runtime is
    // seconds of CPU that would otherwise share two cores with the detector. Not forever, though.
    await Promise.race([faceDetectorIdle(), new Promise((resolve) => setTimeout(resolve, FACE_FIRST_MAX_MS))]);
    if (client !== mine) return;
    void mine.prepare((loaded, total) => useAppStore.getState().patchInference({ download: { loaded, total } })).catch(() => {});
    // and the paste-back's code, now and not while the first Restore's model runs beside it
    warmPasteInWorker(model.R);
  } catch (err) {
    if (client === mine) useAppStore.getState().setEngine('failed', null, null, err instanceof Error ? err.message : String(err));
  }
}

/** After a failed run: a fresh worker, so a broken WASM heap or session does not linger. */
export function recycleEngine(): void {
  void launch(true);
}

/** Retry after the engine failed to start (e.g. the model description could not be loaded). */
export const restartEngine = () => launch(false);

export const startEngine = () => launch(false);

/** Hooks for the end-to-end tests and the bench only (?testHooks): the engine, its backend, restarts. */
function exposeTestHooks(current: EngineClient) {
  if (!new URLSearchParams(location.search).has('testHooks')) return;
  const w = window as unknown as { __engine: EngineClient; __engineInfo: () => unknown; __workersStarted: () => number };
  w.__engine = current;
  // a function: the backend can change after a run (a WebGPU session failed, now WASM)
  w.__engineInfo = () => ({ backend: useAppStore.getState().backend, model: useAppStore.getState().model });
  w.__workersStarted = () => started;
}
