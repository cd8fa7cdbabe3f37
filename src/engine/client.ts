// Main-thread side of the inpaint worker: turns the message contract into promises and
// callbacks. Latest wins: starting a run marks every older run superseded, and late replies
// for it are dropped here even if the worker still sends them.
import type { GraphName } from '../lib/manifest';
import {
  transferables,
  type BackendInfo,
  type EpChoice,
  type Fault,
  type ModelInfo,
  type RuntimeDownload,
  type StageName,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStats,
} from '../worker/protocol';

export interface RunCallbacks {
  onDownload(loaded: number, total: number): void;
  onRunning(stage: StageName): void;
  onStage(stage: StageName, rgba: Uint8ClampedArray, ms: number): void;
  /** Further crop `index`'s composite after `stage` (see `run`'s `more`); ms: its stages so far. */
  onMore?(index: number, stage: StageName, rgba: Uint8ClampedArray, ms: number): void;
}

export type RunOutcome = { kind: 'done'; ms: number } | { kind: 'superseded' };

interface Pending {
  onReply(reply: WorkerReply): void;
}

/** The minimal Worker surface used, so tests can pass a fake. */
export interface WorkerLike {
  postMessage(msg: WorkerRequest, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent<WorkerReply>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  terminate?(): void;
}

export class EngineClient {
  private nextId = 1;
  private latestRunId = 0;
  private pending = new Map<number, Pending>();
  /** Called when the worker switches backend (e.g. WebGPU session failed, now WASM). */
  onBackend: (backend: BackendInfo) => void = () => {};
  /** Called once when the worker dies or throws outside a request: this client is then unusable. */
  onCrash: (message: string) => void = () => {};
  private crashed: string | null = null;

  /**
   * Requests made before `init` is sent, held back and sent right after it (a worker answers
   * nothing before its init): the page may take a moment to prepare the init (the runtime's
   * download, runtimePrefetch.ts) while a Retry or a Restore already asks for a run.
   */
  private beforeInit: (() => void)[] | null;

  constructor(private worker: WorkerLike, opts: { initFirst?: boolean } = {}) {
    this.beforeInit = opts.initFirst ? [] : null;
    worker.onmessage = (ev) => this.dispatch(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      if (this.crashed) return;
      this.crashed = `The inference engine stopped unexpectedly (${ev.message || 'unknown error'}). It has been restarted: press Retry.`;
      for (const [id, p] of this.pending) p.onReply({ type: 'error', id, message: this.crashed });
      this.onCrash(this.crashed);
    };
  }

  /** Stops the worker; pending requests are answered as superseded or failed. */
  dispose(): void {
    this.worker.terminate?.();
  }

  init(ep: EpChoice, modelBaseUrl: string, threads?: number, faults?: Fault[], runtime?: RuntimeDownload): Promise<{ backend: BackendInfo; model: ModelInfo }> {
    return this.request({ type: 'init', id: this.nextId++, ep, modelBaseUrl, threads, faults, ...(runtime ? { runtime } : {}) }, (reply, resolve) => {
      if (reply.type === 'ready') resolve({ backend: reply.backend, model: reply.model });
    });
  }

  /** Downloads the graphs and opens the sessions ahead of the first run. */
  prepare(onDownload: (loaded: number, total: number) => void): Promise<{ ms: number }> {
    return this.request({ type: 'prepare', id: this.nextId++ }, (reply, resolve) => {
      if (reply.type === 'download') onDownload(reply.loaded, reply.total);
      else if (reply.type === 'prepared') resolve({ ms: reply.ms });
    });
  }

  /**
   * Runs the three stages on an R x R crop, and on any further crops in `more` (same seed, stage by
   * stage with the first; their results come to `onMore`). Supersedes any run in flight.
   */
  run(image: Uint8ClampedArray, mask: Float32Array, seed: number, cb: RunCallbacks, more: { rgba: Uint8ClampedArray; mask: Float32Array }[] = []): Promise<RunOutcome> {
    const id = this.nextId++;
    this.supersedeOlderRuns(id);
    const extra = more.map((m) => ({ image: m.rgba.slice().buffer, mask: m.mask.slice().buffer }));
    const req: WorkerRequest = { type: 'run', id, image: image.slice().buffer, mask: mask.slice().buffer, seed, ...(extra.length ? { more: extra } : {}) };
    return this.request(req, (reply, resolve) => {
      if (reply.type === 'download') cb.onDownload(reply.loaded, reply.total);
      else if (reply.type === 'running') cb.onRunning(reply.stage);
      else if (reply.type === 'stage') cb.onStage(reply.stage, new Uint8ClampedArray(reply.rgba), reply.ms);
      else if (reply.type === 'more') cb.onMore?.(reply.index, reply.stage, new Uint8ClampedArray(reply.rgba), reply.ms);
      else if (reply.type === 'done') resolve({ kind: 'done', ms: reply.ms });
      else if (reply.type === 'superseded') resolve({ kind: 'superseded' });
    });
  }

  /** Marks any run in flight superseded (e.g. a new photo was loaded). */
  cancelRuns(): void {
    this.supersedeOlderRuns(this.nextId++);
  }

  /** Test hook (the soak): sessions and tensors the worker holds now. */
  stats(): Promise<WorkerStats> {
    return this.request({ type: 'stats', id: this.nextId++ }, (reply, resolve) => {
      if (reply.type === 'stats') resolve(reply.stats);
    });
  }

  /** Test hook: one graph on raw inputs; returns its output tensor. */
  runGraph(graph: GraphName, feeds: Record<string, Float32Array>): Promise<{ output: Float32Array; ms: number }> {
    const buffers = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, v.slice().buffer]));
    return this.request({ type: 'runGraph', id: this.nextId++, graph, feeds: buffers }, (reply, resolve) => {
      if (reply.type === 'graphResult') resolve({ output: new Float32Array(reply.output), ms: reply.ms });
    });
  }

  private supersedeOlderRuns(newId: number) {
    this.latestRunId = newId;
    for (const [id, p] of this.pending) {
      if (id < newId && this.isRun(id)) p.onReply({ type: 'superseded', id });
    }
  }

  private runIds = new Set<number>();
  private isRun = (id: number) => this.runIds.has(id);

  private request<T>(
    req: WorkerRequest,
    onReply: (reply: WorkerReply, resolve: (value: T) => void) => void,
  ): Promise<T> {
    if (req.type === 'run') this.runIds.add(req.id);
    return new Promise<T>((resolve, reject) => {
      if (this.crashed) return reject(new Error(this.crashed));
      const finish = () => {
        this.pending.delete(req.id);
        this.runIds.delete(req.id);
      };
      this.pending.set(req.id, {
        onReply: (reply) => {
          if (reply.type === 'error') {
            finish();
            reject(new Error(reply.message));
            return;
          }
          if (reply.type === 'backend') {
            this.onBackend(reply.backend);
            return;
          }
          // A superseded run gets no more callbacks, whatever the worker still sends.
          if (req.type === 'run' && req.id < this.latestRunId && reply.type !== 'superseded') return;
          onReply(reply, (value) => {
            finish();
            resolve(value);
          });
        },
      });
      const send = () => this.worker.postMessage(req, transferables(req));
      if (req.type === 'init') {
        send();
        this.beforeInit?.forEach((held) => held());
        this.beforeInit = null;
      } else if (this.beforeInit) this.beforeInit.push(send);
      else send();
    });
  }

  private dispatch(reply: WorkerReply) {
    this.pending.get(reply.id)?.onReply(reply);
  }
}
