// The app's one engine: a module worker running onnxruntime-web, started once at page load.
import { useAppStore } from '../store';
import type { EpChoice } from '../worker/protocol';
import { EngineClient } from './client';

/** ?ep=webgpu or ?ep=wasm forces the backend; anything else lets the worker choose. */
export function epFromUrl(search: string): EpChoice {
  const ep = new URLSearchParams(search).get('ep');
  return ep === 'webgpu' || ep === 'wasm' ? ep : 'auto';
}

let client: EngineClient | null = null;

export function engine(): EngineClient {
  if (!client) throw new Error('The engine has not been started.');
  return client;
}

export async function startEngine(): Promise<void> {
  const worker = new Worker(new URL('../worker/inpaint.worker.ts', import.meta.url), { type: 'module', name: 'inpaint' });
  client = new EngineClient(worker);
  const store = useAppStore.getState();
  client.onBackend = (backend) => useAppStore.getState().setBackend(backend);
  const ep = epFromUrl(location.search);
  const threads = Number(new URLSearchParams(location.search).get('threads')) || undefined; // benchmarks: ?threads=1
  try {
    const { backend, model } = await client.init(ep, `${location.origin}/models/`, threads);
    store.setEngine('ready', backend, model);
  } catch (err) {
    store.setEngine('failed', null, null, err instanceof Error ? err.message : String(err));
  }
  // A hook for the end-to-end tests only: lets them run one graph directly (the WebGPU check).
  if (new URLSearchParams(location.search).has('testHooks')) {
    const w = window as unknown as { __engine: EngineClient; __engineInfo: () => unknown };
    // a function: the backend can change after a run (a WebGPU session failed, now WASM)
    w.__engineInfo = () => ({ backend: useAppStore.getState().backend, model: useAppStore.getState().model });
    w.__engine = client;
  }
}
