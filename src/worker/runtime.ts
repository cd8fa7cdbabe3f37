// What the worker needs from an inference runtime. onnxruntime-web implements it in the browser
// (ortRuntime.ts); tests supply a fake, so the contract and pipeline are tested without a browser.
import type { BackendInfo } from './protocol';

export interface Feed {
  data: Float32Array;
  dims: number[];
}

export interface GraphSession {
  /** Runs the graph; returns every output by name. */
  run(feeds: Record<string, Feed>): Promise<Record<string, Float32Array>>;
  release(): Promise<void>;
}

export interface Runtime {
  /** The backend now in use; may change to WASM when a WebGPU session cannot be created. */
  backend(): BackendInfo;
  /** `optimize: false`: WASM sessions skip onnxruntime's graph optimisations (they open faster; see handler.ts). */
  createSession(model: Uint8Array, options?: { optimize?: boolean }): Promise<GraphSession>;
  /** Loads and compiles the runtime itself (no graph needed), so that work overlaps the graphs' download. */
  warm?(): Promise<void>;
  /** Switches to WASM after WebGPU failed mid-run; sessions on the old backend are then stale. */
  fallBackToWasm?(reason: string): void;
  /** ORT tensors created and not yet disposed (for the soak test). */
  liveTensors?(): number;
}
