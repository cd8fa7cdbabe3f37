// The one message contract between the main thread (src/engine) and the inpaint worker.
// Every request carries an id; every reply names the request it answers. Errors never escape
// the worker: they come back as an `error` reply. Pixel and tensor buffers are transferred.
import type { GraphName, Manifest } from '../lib/manifest';
import type { CropRect, ImageRect } from '../lib/geometry';
import type { FaceResult, RunInput } from '../lib/runInput';
import type { MaskOp } from '../lib/strokes';

/** How the person (or ?ep=) asked for the backend to be chosen. */
export type EpChoice = 'auto' | 'wasm' | 'webgpu';

export interface BackendInfo {
  ep: 'webgpu' | 'wasm';
  /** WASM threads (1 when the page is not cross-origin isolated). */
  threads: number;
  crossOriginIsolated: boolean;
  /** Why this backend: e.g. "no WebGPU adapter", "WebGPU session failed: ...". */
  reason: string;
  /** True when a WebGPU adapter answered (or was asked for) but could not be used: WASM is a fallback. */
  gpuFallback?: boolean;
  adapter?: string;
}

export interface ModelInfo {
  name: string;
  R: number;
  Z: number;
}

/**
 * Faults the e2e tests inject (only with ?testHooks, only into the page's first worker):
 * hang-on-init: the worker never answers its init (a runtime that hangs as it starts);
 * crash-on-run: the first run throws an uncaught error (the worker's onerror fires);
 * throw-on-run: the first graph run rejects; gpu-lost-on-run: the first graph run on WebGPU rejects
 * as a lost device would; gpu-*: navigator.gpu in the worker is replaced by a
 * stub with no adapter, a software adapter, a requestAdapter() that never answers, or an adapter
 * whose device cannot be created (so onnxruntime's WebGPU session creation fails).
 */
export type Fault = 'hang-on-init' | 'crash-on-run' | 'throw-on-run' | 'gpu-lost-on-run' | 'gpu-no-adapter' | 'gpu-software' | 'gpu-hang' | 'gpu-session-fail';

/** onnxruntime's .wasm for `build`, as the page's own download of it delivers it (a first visit: the page starts it before this worker is up). */
export interface RuntimeDownload {
  build: 'wasm' | 'webgpu';
  body: ReadableStream<Uint8Array>;
  /**
   * A message comes on this port when the page has read all but the last 2 MB (decoded) of the
   * .wasm: the graphs' download may start. The inpaint worker hands it on to the graphs' worker,
   * which hears it even while this worker's thread is busy.
   */
  nearlyIn?: MessagePort;
}

export type WorkerRequest =
  /** threads: WASM threads wanted (?threads=N, for benchmarks); absent = as many as useful. */
  | { type: 'init'; id: number; ep: EpChoice; modelBaseUrl: string; threads?: number; faults?: Fault[]; runtime?: RuntimeDownload }
  /** image: RGBA bytes R x R of the crop; mask: Float32 R x R, 1 = hole. */
  /** more: further crops (other faces, the wider pass) run with the same seed, stage by stage with the first; each answered by a `more` reply. */
  | { type: 'run'; id: number; image: ArrayBuffer; mask: ArrayBuffer; seed: number; more?: { image: ArrayBuffer; mask: ArrayBuffer }[] }
  /** Downloads the graphs and creates the sessions now (while the person chooses and paints), so Restore does not wait for them. */
  | { type: 'prepare'; id: number }
  /** Test hook: one graph on given inputs (Float32 buffers by input name). */
  | { type: 'runGraph'; id: number; graph: GraphName; feeds: Record<string, ArrayBuffer> }
  /** Test hook (the soak): what the worker holds now. */
  | { type: 'stats'; id: number };

/** sessions: open ORT sessions; sessionsCreated: ever; liveTensors: ORT tensors made and not yet disposed. */
export interface WorkerStats {
  sessions: number;
  sessionsCreated: number;
  liveTensors: number;
}

export type StageName = GraphName;

export type WorkerReply =
  | { type: 'ready'; id: number; backend: BackendInfo; model: ModelInfo }
  | { type: 'backend'; id: number; backend: BackendInfo }
  | { type: 'download'; id: number; loaded: number; total: number }
  | { type: 'running'; id: number; stage: StageName }
  /** rgba: the stage's composite as RGBA bytes R x R. */
  | { type: 'stage'; id: number; stage: StageName; rgba: ArrayBuffer; ms: number }
  /** The refined result (RGBA R x R) of the run's further crop `index` (0 = the first of `more`); ms: its three stages. */
  /** A further crop's composite after each stage (a person may take another stage's face: engine/stagePick.ts); ms: its stages so far. */
  | { type: 'more'; id: number; index: number; stage: StageName; rgba: ArrayBuffer; ms: number }
  | { type: 'done'; id: number; ms: number }
  | { type: 'prepared'; id: number; ms: number }
  | { type: 'superseded'; id: number }
  | { type: 'graphResult'; id: number; output: ArrayBuffer; ms: number }
  | { type: 'stats'; id: number; stats: WorkerStats }
  | { type: 'error'; id: number; message: string };

/** Buffers a message carries, so postMessage can transfer rather than copy them. */
export function transferables(msg: WorkerRequest | WorkerReply): Transferable[] {
  switch (msg.type) {
    case 'init':
      return msg.runtime ? [msg.runtime.body, ...(msg.runtime.nearlyIn ? [msg.runtime.nearlyIn] : [])] : [];
    case 'run':
      return [msg.image, msg.mask, ...(msg.more ?? []).flatMap((m) => [m.image, m.mask])];
    case 'runGraph':
      return Object.values(msg.feeds);
    case 'stage':
    case 'more':
      return [msg.rgba];
    case 'graphResult':
      return [msg.output];
    default:
      return [];
  }
}

// The face detector's worker (face.worker.ts): a second, small contract, kept here with the first.
/** rgba: RGBA bytes width x height (the photo scaled down); modelBaseUrl: where the detector's files are. */
/** warm: load the detector and run it once on the (small, blank) image, so the first photo does not wait. */
export type FaceRequest = { type: 'detect' | 'warm'; id: number; rgba: ArrayBuffer; width: number; height: number; modelBaseUrl: string };
export interface FaceBox { x: number; y: number; width: number; height: number; score: number }
/** boxes: every face found, most confident first, in the pixels of the request (empty: none). */
export type FaceReply =
  | { type: 'faces'; id: number; boxes: FaceBox[]; ms: number }
  | { type: 'error'; id: number; message: string };

// The photo worker (photo.worker.ts): a big photo's decode, pixel read-back and paste-back take
// seconds, which on the main thread freeze the brush and the buttons.
/** Decode `file` unless it turns out larger than the limits; also a copy at most `smallMax` px a side for the face detector. */
export type PhotoRequest =
  | { type: 'decode'; id: number; file: Blob; maxPixels: number; maxSide: number; minSide: number; smallMax: number }
  /** pixels: a copy of the photo's (the main thread keeps its own); the context pass, the faces over it in order, then the classical fill outside them. */
  | { type: 'paste'; id: number; photoKey: number; width: number; height: number; pixels: Uint8ClampedArray; strokes: MaskOp[]; R: number; faces: FaceResult[]; context?: FaceResult }
  /** The model's inputs (src/lib/runInput.ts) for each crop: reading a big crop's pixels takes a long main-thread task. */
  | { type: 'inputs'; id: number; photoKey: number; width: number; height: number; pixels: Uint8ClampedArray; strokes: MaskOp[]; R: number; crops: CropRect[] }
  /** One paste-back of a made-up photo, so the first real one runs on optimised code (once; later ones answer at once). */
  | { type: 'warm'; id: number; R: number };
export type PhotoReply =
  /** pixels: a SharedArrayBuffer where the page is cross-origin isolated */
  | { type: 'decoded'; id: number; width: number; height: number; pixels: ArrayBuffer | SharedArrayBuffer; bitmap: ImageBitmap; small: { rgba: ArrayBuffer; width: number; height: number } }
  /** decoded, but outside the limits: nothing was read back */
  | { type: 'size'; id: number; width: number; height: number }
  /**
   * before/after: the first face's crop out of the photo and out of the result (the comparison's views);
   * changed: where the result differs from the photo, and its pixels there (what the session keeps)
   */
  | { type: 'pasted'; id: number; pixels: ArrayBuffer; outsideFilled: number; before: ArrayBuffer; after: ArrayBuffer; changed: { rect: ImageRect; pixels: ArrayBuffer } | null }
  | { type: 'inputs'; id: number; inputs: RunInput[] }
  | { type: 'warmed'; id: number }
  | { type: 'error'; id: number; message: string };

/** The inpaint worker and its graph-download worker (graphs.worker.ts). */
/** `startPort`: the page's word that the runtime's .wasm is nearly in (RuntimeDownload.nearlyIn); `start` is the inpaint worker's. */
export type GraphsRequest = { type: 'load'; manifest: Manifest; baseUrl: string; startPort?: MessagePort } | { type: 'start' };
export type GraphsReply =
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'graph'; name: GraphName; bytes: Uint8Array; downloaded: boolean }
  | { type: 'done' }
  | { type: 'error'; message: string };
