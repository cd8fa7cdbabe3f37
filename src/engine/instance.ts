// The app's one engine: a module worker running onnxruntime-web, started at page load. A worker
// that crashes, or whose run failed (its WASM heap may be broken), is replaced by a fresh one;
// the photo and strokes live in the store on this thread, so nothing the person made is lost.
import { StallError, stallTimer } from '../lib/stallTimer';
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
/**
 * A worker that has not answered its init after this long, with no byte of the runtime's download
 * arriving meanwhile, hangs: it is replaced. A start takes 1-5 s here (the runtime compiles as it
 * downloads); a slow link pokes the watchdog with each chunk. Tests shorten it (?testHooks&startStallMs=).
 */
const START_STALL_MS = 45_000;
/** Workers started for one start (hung or failed) before it is reported as failed, with Retry. */
const START_TRIES = 2;

export function engine(): EngineClient {
  if (!client) throw new Error('The engine has not been started.');
  return client;
}

/** Test hooks only: ?testHooks&fault=a,b injects faults into the page's first worker. */
function faultsFromUrl(params: URLSearchParams): Fault[] | undefined {
  if (!params.has('testHooks') || started > 1) return undefined;
  return (params.get('fault')?.split(',').filter(Boolean) as Fault[] | undefined) ?? undefined;
}

/** Starts a worker and initialises it. `quiet`: a replacement, so the current error stays shown. `attempt`: counts the workers tried for this start (a hung or failed one is replaced once). */
async function launch(quiet: boolean, attempt = 1): Promise<void> {
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
  const watch = stallTimer((params.has('testHooks') && Number(params.get('startStallMs'))) || START_STALL_MS);
  try {
    // while the worker's script loads: the runtime's download starts here (first visit only)
    const runtime = await Promise.race([prefetchRuntime(epFromUrl(location.search), watch.poke), watch.stalled]);
    const init = mine.init(epFromUrl(location.search), `${location.origin}/models/`, threads, faultsFromUrl(params), runtime);
    const { backend, model } = await Promise.race([init, watch.stalled]);
    watch.stop();
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
    watch.stop();
    if (client !== mine) return;
    // A hang or a failure may be passing (a worker that never came up, a dropped request): one
    // more worker first. A lasting cause (a missing file) fails the same way again, and says so.
    if (attempt < START_TRIES) {
      console.warn(`The inference worker did not start (${err instanceof Error ? err.message : String(err)}): starting another.`);
      return launch(quiet, attempt + 1);
    }
    const message = err instanceof StallError ? `The model runtime did not start: ${err.message}, ${START_TRIES} times. Press Retry.` : err instanceof Error ? err.message : String(err);
    useAppStore.getState().setEngine('failed', null, null, message);
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
