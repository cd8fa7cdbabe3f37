// Which onnxruntime build a page needs and where its .wasm is: shared by the inpaint worker
// (which runs it) and the page (which starts its download before the worker is up, see
// src/engine/runtimePrefetch.ts). Both ask WebGPU the same question, so they pick the same build.

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

export interface GpuProbe {
  ok: boolean;
  reason: string;
  adapter?: string;
  /** An adapter answered (or the request failed or hung) but WebGPU cannot be used. */
  fallback?: boolean;
}

const TIMED_OUT = Symbol('timed out');

/** Asks for a WebGPU adapter with a timeout: a stalled driver must not block the WASM fallback. */
export async function probeWebGpu(allowSoftware: boolean): Promise<GpuProbe> {
  const gpu = (navigator as Navigator & { gpu?: Gpu }).gpu;
  if (!gpu) return { ok: false, reason: 'this browser has no WebGPU' };
  let adapter: Adapter | null | typeof TIMED_OUT;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ADAPTER_TIMEOUT_MS)));
    adapter = await Promise.race([gpu.requestAdapter(), timeout]);
  } catch (err) {
    return { ok: false, reason: `WebGPU adapter request failed (${String(err)}); using WASM`, fallback: true };
  } finally {
    clearTimeout(timer);
  }
  if (adapter === TIMED_OUT) {
    return { ok: false, reason: `the WebGPU adapter did not answer within ${ADAPTER_TIMEOUT_MS / 1000} s; using WASM`, fallback: true };
  }
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter' };
  const info = adapter.info;
  const isFallback = info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown GPU';
  if (isFallback && !allowSoftware) {
    return { ok: false, reason: `only a software WebGPU adapter (${name}), slower than WASM`, adapter: name, fallback: true };
  }
  return { ok: true, reason: isFallback ? `software adapter forced by ?ep=webgpu` : 'GPU adapter found', adapter: name };
}

/** The .wasm each build loads: the plain SIMD-threaded one, or the asyncify one with the WebGPU EP. */
export const WASM_FILE = { wasm: 'ort-wasm-simd-threaded.wasm', webgpu: 'ort-wasm-simd-threaded.asyncify.wasm' } as const;

export type RuntimeBuild = keyof typeof WASM_FILE;

declare const __ORT_VERSION__: string;

/** Where the runtime's files are served: under its version, so that a new runtime is a new URL (scripts/copy-ort.mjs). */
export const runtimeDir = (origin: string) => `${origin}/ort/${__ORT_VERSION__}/`;

export const runtimeWasmUrl = (origin: string, build: RuntimeBuild) => `${runtimeDir(origin)}${WASM_FILE[build]}`;
