// onnxruntime-web behind the Runtime interface, with the execution provider chosen explicitly:
// WebGPU only when a real (or, with ?ep=webgpu, a software) adapter answers and a session can be
// created on it; otherwise WASM. Never a silent ['webgpu', 'wasm'] list: we always know which runs.
import type { EpChoice, BackendInfo } from './protocol';
import type { GraphSession, Runtime } from './runtime';

type Ort = typeof import('onnxruntime-web/wasm');

const ADAPTER_TIMEOUT_MS = 5000;

// The few WebGPU types used here (TypeScript's DOM lib has none yet).
interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface Adapter {
  info?: AdapterInfo;
  isFallbackAdapter?: boolean;
}
interface Gpu {
  requestAdapter(): Promise<Adapter | null>;
}

interface GpuProbe {
  ok: boolean;
  reason: string;
  adapter?: string;
}

/** Asks for a WebGPU adapter with a timeout: a stalled driver must not block the WASM fallback. */
async function probeWebGpu(allowSoftware: boolean): Promise<GpuProbe> {
  const gpu = (navigator as Navigator & { gpu?: Gpu }).gpu;
  if (!gpu) return { ok: false, reason: 'this browser has no WebGPU' };
  let adapter: Adapter | null;
  try {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), ADAPTER_TIMEOUT_MS));
    adapter = await Promise.race([gpu.requestAdapter(), timeout]);
  } catch (err) {
    return { ok: false, reason: `WebGPU adapter request failed: ${String(err)}` };
  }
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter' };
  const info = adapter.info;
  const isFallback = info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown GPU';
  if (isFallback && !allowSoftware) {
    return { ok: false, reason: `only a software WebGPU adapter (${name}), slower than WASM`, adapter: name };
  }
  return { ok: true, reason: isFallback ? `software adapter forced by ?ep=webgpu` : 'GPU adapter found', adapter: name };
}

function configureWasm(ort: Ort, wanted?: number): number {
  // Absolute URL: a root-relative path breaks in Vite dev (it appends ?import), and without
  // wasmPaths a production build hangs creating a threaded session.
  ort.env.wasm.wasmPaths = `${self.location.origin}/ort/`;
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP headers).
  const useful = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
  const threads = self.crossOriginIsolated ? Math.max(1, Math.min(wanted || useful, 16)) : 1;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false; // already in a worker
  return threads;
}

export async function createOrtRuntime(choice: EpChoice, wantedThreads?: number): Promise<Runtime> {
  const probe: GpuProbe = choice === 'wasm' ? { ok: false, reason: 'WASM forced by ?ep=wasm' } : await probeWebGpu(choice === 'webgpu');
  // The /webgpu build carries the native WebGPU EP (and WASM for fallback); the /wasm build is
  // smaller and fastest on CPU, so a machine without a usable GPU gets that one.
  const ort: Ort = probe.ok ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  const threads = configureWasm(ort, wantedThreads);
  let backend: BackendInfo = {
    ep: probe.ok ? 'webgpu' : 'wasm',
    threads,
    crossOriginIsolated: self.crossOriginIsolated,
    reason: probe.reason,
    adapter: probe.adapter,
  };

  async function createSession(model: Uint8Array): Promise<GraphSession> {
    let session: import('onnxruntime-web').InferenceSession | undefined;
    if (backend.ep === 'webgpu') {
      try {
        session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all' });
      } catch (err) {
        backend = { ...backend, ep: 'wasm', reason: `WebGPU session failed (${err instanceof Error ? err.message : String(err)}); using WASM` };
      }
    }
    session ??= await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const s = session;
    return {
      async run(feeds) {
        const tensors = Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ort.Tensor('float32', f.data, f.dims)]));
        const out = await s.run(tensors);
        return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
      },
      release: () => s.release(),
    };
  }

  return { backend: () => backend, createSession };
}
