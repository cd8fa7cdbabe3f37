// onnxruntime-web behind the Runtime interface, with the execution provider chosen explicitly:
// WebGPU only when a real (or, with ?ep=webgpu, a software) adapter answers and a session can be
// created on it; otherwise WASM. Never a silent ['webgpu', 'wasm'] list: we always know which runs.
import { cachedResponse } from './assetCache';
import { probeWebGpu, runtimeDir, runtimeWasmUrl, WASM_FILE, type GpuProbe, type RuntimeBuild } from './runtimeFiles';
import type { BackendInfo, EpChoice, RuntimeDownload } from './protocol';
import type { GraphSession, Runtime } from './runtime';

type Ort = typeof import('onnxruntime-web/wasm');

/** A WebGPU session that is not created by then (a stalled driver or device) is abandoned for WASM. */
const GPU_SESSION_TIMEOUT_MS = 15_000;

/** onnxruntime-web's version (vite.config.ts reads it from its package.json): the cache key of its .wasm. */
declare const __ORT_VERSION__: string;
/** Each build's .wasm size in bytes (vite.config.ts): its last byte is known when it passes. */
declare const __ORT_WASM_BYTES__: Record<RuntimeBuild, number>;

const wasmUrl = (build: RuntimeBuild) => runtimeWasmUrl(self.location.origin, build);

/** Per .wasm URL: `arrived` once its last byte is (nearly) in, `promise` once our cache holds the file (what "ready" waits for: offline-ready). */
interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}
function deferred(): Deferred {
  let resolve!: () => void, reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}
const stored = new Map<string, Deferred & { arrived: Deferred }>();
function storedEntry(url: string) {
  if (!stored.has(url)) stored.set(url, { ...deferred(), arrived: deferred() });
  return stored.get(url)!;
}
const wasmStored = (build: RuntimeBuild) => storedEntry(wasmUrl(build)).promise;

/**
 * onnxruntime fetches its .wasm itself and compiles it as it streams in (WebAssembly.
 * instantiateStreaming): on a first visit the compile then overlaps the download, where handing it
 * the finished bytes (env.wasm.wasmBinary) compiled for a second or more after the last byte. This
 * worker's fetch serves that file from our own cache, or from the network copied into the cache on
 * the way: one download, and offline after it.
 */
let routed = false;
/** A .wasm response asked for before onnxruntime asks: its first request takes it (see fetchWasmEarly). */
const early = new Map<string, Promise<Response>>();
/** The .wasm's body as the page's download delivers it (src/engine/runtimePrefetch.ts), by URL. */
const fromPage = new Map<string, ReadableStream<Uint8Array>>();
function routeWasmThroughCache() {
  if (routed) return;
  routed = true;
  const network = self.fetch.bind(self);
  self.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(runtimeDir(self.location.origin)) || !url.endsWith('.wasm')) return network(input, init);
    const asked = early.get(url);
    if (asked) {
      early.delete(url);
      return asked;
    }
    const entry = storedEntry(url);
    try {
      const build = (Object.keys(WASM_FILE) as (RuntimeBuild)[]).find((b) => url === wasmUrl(b));
      // "arrived" (the graphs' download starts then, handler.ts) 1 MB before the last decoded byte
      // (about 0.16 MB on the wire, brotli): the graphs' request then overlaps the tail, where at the
      // last byte the link idled 0.2 s on a first visit
      const arrivedAt = build && typeof __ORT_WASM_BYTES__ !== 'undefined' ? __ORT_WASM_BYTES__[build] - 1_000_000 : Infinity;
      const page = fromPage.get(url);
      fromPage.delete(url);
      // the page's download when it started one (a cached copy wins, and the page's is dropped)
      const fetcher: typeof fetch = page ? async () => new Response(page, { status: 200, headers: { 'content-type': 'application/wasm' } }) : network;
      const { response, arrived, stored: done } = await cachedResponse(url, __ORT_VERSION__, 'application/wasm', fetcher, arrivedAt);
      if (page && !page.locked) void page.cancel().catch(() => {});
      arrived.then(entry.arrived.resolve, entry.arrived.reject);
      done.then(entry.resolve, entry.reject);
      return response;
    } catch (err) {
      entry.reject(err);
      entry.arrived.reject(err);
      throw err;
    }
  };
}

/**
 * Starts the build's .wasm download and imports its .mjs glue now, while onnxruntime's own script
 * is still loading: onnxruntime asks for both only once it has started, three round trips later
 * (0.4-0.8 s of a first visit on a slow link). The download is stored into our cache as it comes
 * (the tee in cachedResponse), so it runs on while nobody reads the response; onnxruntime gets it
 * with the bytes so far buffered, and the same glue module from the module map.
 */
function fetchWasmEarly(build: RuntimeBuild) {
  const url = wasmUrl(build);
  if (early.has(url) || stored.has(url)) return;
  const response = self.fetch(url); // through the route: nothing of it is in `early` yet
  response.catch(() => {}); // onnxruntime's own request reports a failure
  early.set(url, response);
  import(/* @vite-ignore */ url.replace(/\.wasm$/, '.mjs')).catch(() => {});
}

/** Points `ort` at our copy of its files (the .wasm comes through the route above); returns the thread count. */
function configureWasm(ort: Ort, wanted?: number): { threads: number } {
  // Absolute URL: a root-relative path breaks in Vite dev (it appends ?import), and without
  // wasmPaths a production build hangs creating a threaded session. ORT imports its small .mjs
  // glue from there too (the service worker keeps those for offline use).
  ort.env.wasm.wasmPaths = runtimeDir(self.location.origin);
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP headers).
  const useful = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
  const threads = self.crossOriginIsolated ? Math.max(1, Math.min(wanted || useful, 16)) : 1;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false; // already in a worker
  return { threads };
}

export async function createOrtRuntime(choice: EpChoice, wantedThreads?: number, onFilesIn?: () => void, pageDownload?: RuntimeDownload): Promise<Runtime> {
  const probe: GpuProbe = choice === 'wasm' ? { ok: false, reason: 'WASM forced by ?ep=wasm' } : await probeWebGpu(choice === 'webgpu');
  // The /webgpu build carries the native WebGPU EP (and WASM for fallback); the /wasm build is
  // smaller and fastest on CPU, so a machine without a usable GPU gets that one.
  if (pageDownload?.build === (probe.ok ? 'webgpu' : 'wasm')) fromPage.set(wasmUrl(pageDownload.build), pageDownload.body);
  else void pageDownload?.body.cancel().catch(() => {}); // the page guessed the other build: not a byte more of it
  routeWasmThroughCache();
  fetchWasmEarly(probe.ok ? 'webgpu' : 'wasm');
  if (onFilesIn) storedEntry(wasmUrl(probe.ok ? 'webgpu' : 'wasm')).arrived.promise.then(onFilesIn, onFilesIn);
  const ort: Ort = probe.ok ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  const build = probe.ok ? 'webgpu' : 'wasm';
  const { threads } = configureWasm(ort, wantedThreads);
  let backend: BackendInfo = {
    ep: probe.ok ? 'webgpu' : 'wasm',
    threads,
    crossOriginIsolated: self.crossOriginIsolated,
    reason: probe.reason,
    adapter: probe.adapter,
    gpuFallback: probe.fallback || (choice === 'webgpu' && !probe.ok),
  };

  // WASM sessions come from the /wasm build: after a failed or hung WebGPU start, the /webgpu
  // build's WASM instance may be stuck mid-initialisation, and this one shares nothing with it.
  let wasmOrt: Promise<Ort> | undefined = probe.ok ? undefined : Promise.resolve(ort);
  const wasmModule = () =>
    (wasmOrt ??= import('onnxruntime-web/wasm').then((m) => {
      configureWasm(m, wantedThreads);
      return m;
    }));

  let tensorCount = 0;

  async function createSession(model: Uint8Array, { optimize = true }: { optimize?: boolean } = {}): Promise<GraphSession> {
    let session: import('onnxruntime-web').InferenceSession | undefined;
    let mod = ort;
    if (backend.ep === 'webgpu') {
      await warm(); // a failed download is an error of its own, not a reason to leave the GPU
      try {
        session = await withTimeout(
          ort.InferenceSession.create(model, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all' }),
          GPU_SESSION_TIMEOUT_MS,
        );
      } catch (err) {
        // ORT's WASM side sometimes throws a bare number (a pointer), which tells a person nothing.
        const detail = err instanceof Error ? err.message : /^\d+$/.test(String(err)) ? 'the GPU device could not be started' : String(err);
        backend = { ...backend, ep: 'wasm', gpuFallback: true, reason: `WebGPU session failed (${detail}); using WASM` };
      }
    }
    if (!session) {
      mod = await wasmModule();
      session = await mod.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: optimize ? 'all' : 'disabled' });
    }
    const s = session;
    return {
      async run(feeds) {
        // Tensors from the module that made the session: each ORT build checks its own Tensor class.
        const tensors = Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new mod.Tensor('float32', f.data, f.dims)]));
        tensorCount += Object.keys(tensors).length;
        let out: Record<string, import('onnxruntime-web').Tensor> = {};
        try {
          out = await s.run(tensors);
          tensorCount += Object.keys(out).length;
          // CPU outputs: the data array outlives dispose(); GPU-located ones would need download first.
          return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
        } finally {
          // Dispose inputs and outputs every run, so a long session holds no tensor past its run.
          for (const t of [...Object.values(tensors), ...Object.values(out)]) {
            t.dispose();
            tensorCount--;
          }
        }
      },
      release: () => s.release(),
    };
  }

  // The smallest graph there is (y = Identity(x), 68 bytes): opening it makes ORT compile and start
  // its .wasm (threads included), seconds of CPU that otherwise began only once every graph had arrived.
  const TINY = Uint8Array.from(atob('CAc6OgoQCgF4EgF5IghJZGVudGl0eRIEd2FybVoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0='), (c) => c.charCodeAt(0));
  let warmed: Promise<void> | undefined;
  const warm = () =>
    (warmed ??= (async () => {
      const mod = backend.ep === 'webgpu' ? ort : await wasmModule();
      const s = await mod.InferenceSession.create(TINY, { executionProviders: ['wasm'] });
      await s.release();
    })());
  // Now, not at the first session: the runtime's .wasm downloads and compiles at once, in parallel.
  warm().catch(() => {}); // a failure shows below or at createSession
  // Ready means offline-ready: once the page says so, the runtime's .wasm is in our cache (a
  // reload with the network off right after the first visit must still restore). The race: a
  // start that fails before onnxruntime asks for the .wasm must fail here, not wait forever.
  await Promise.race([wasmStored(build), warm().then(() => wasmStored(build))]);

  const fallBackToWasm = (reason: string) => {
    backend = { ...backend, ep: 'wasm', gpuFallback: true, reason };
  };
  return { backend: () => backend, createSession, warm, liveTensors: () => tensorCount, fallBackToWasm };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
