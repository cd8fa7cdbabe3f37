// The worker's brain, free of `self` and onnxruntime so tests can drive it: requests in, replies
// out. Runs are serialised (one ORT session cannot run twice at once) and the latest run wins:
// an older run stops at the next stage boundary and answers `superseded`.
import { GRAPH_ORDER, type GraphName, type Manifest } from '../lib/manifest';
import { nchwToRgba } from '../lib/tensor';
import { runPipeline } from './pipeline';
import type { EpChoice, WorkerReply, WorkerRequest } from './protocol';
import type { GraphSession, Runtime } from './runtime';

export interface HandlerDeps {
  createRuntime(ep: EpChoice, threads?: number): Promise<Runtime>;
  loadManifest(baseUrl: string): Promise<Manifest>;
  loadGraphs(
    manifest: Manifest,
    baseUrl: string,
    onProgress: (loaded: number, total: number) => void,
  ): Promise<Record<GraphName, Uint8Array>>;
}

export type Post = (reply: WorkerReply) => void;

interface Loaded {
  runtime: Runtime;
  manifest: Manifest;
  baseUrl: string;
}

export function createInpaintHandler(deps: HandlerDeps) {
  let loaded: Promise<Loaded> | undefined;
  const sessions = new Map<GraphName, { session: GraphSession; ep: string }>();
  let sessionsCreated = 0;
  let latestRunId = -1;
  let queue: Promise<void> = Promise.resolve();

  const errorReply = (id: number, err: unknown): WorkerReply => ({
    type: 'error',
    id,
    message: err instanceof Error ? err.message : String(err),
  });

  /**
   * The graphs' download, started at init alongside the runtime's (they share the network, and
   * neither waits for the other to finish compiling). Progress goes to whichever request waits.
   */
  let download: Promise<Record<GraphName, Uint8Array>> | undefined;
  let onProgress: (loaded: number, total: number) => void = () => {};
  let lastProgress: [number, number] | undefined;
  const startDownload = (manifest: Manifest, baseUrl: string) => {
    download = deps.loadGraphs(manifest, baseUrl, (l, t) => {
      lastProgress = [l, t];
      onProgress(l, t);
    });
    download.catch(() => (download = undefined)); // a failed download is retried by the next request
    return download;
  };

  async function init(req: Extract<WorkerRequest, { type: 'init' }>, post: Post) {
    loaded = (async () => {
      const manifest = deps.loadManifest(req.modelBaseUrl);
      manifest.then((m) => startDownload(m, req.modelBaseUrl)).catch(() => {});
      const runtime = await deps.createRuntime(req.ep, req.threads);
      return { runtime, manifest: await manifest, baseUrl: req.modelBaseUrl };
    })();
    const { runtime, manifest } = await loaded;
    post({ type: 'ready', id: req.id, backend: runtime.backend(), model: { name: manifest.name, R: manifest.R, Z: manifest.Z } });
  }

  function ready(): Promise<Loaded> {
    if (!loaded) throw new Error('The inference worker was used before it was initialised.');
    return loaded;
  }

  /** Creates any missing session, downloading what is needed; recreates sessions left on an old backend. */
  async function ensureSessions(id: number, post: Post, only?: GraphName) {
    const { runtime, manifest, baseUrl } = await ready();
    const wanted = only ? [only] : GRAPH_ORDER;
    const stale = () => wanted.filter((g) => sessions.get(g)?.ep !== runtime.backend().ep);
    for (let attempt = 0; attempt < 2 && stale().length; attempt++) {
      const before = runtime.backend().ep;
      onProgress = (l, t) => post({ type: 'download', id, loaded: l, total: t });
      if (download && lastProgress) onProgress(...lastProgress); // joined mid-way: say where it stands
      // the runtime compiles while the graphs are still downloading (a failure here shows at createSession)
      const warming = runtime.warm?.().catch(() => {});
      const bytes = await (download ?? startDownload(manifest, baseUrl));
      await warming;
      for (const graph of stale()) {
        await sessions.get(graph)?.session.release();
        const session = await runtime.createSession(bytes[graph]);
        sessionsCreated++;
        sessions.set(graph, { session, ep: runtime.backend().ep });
      }
      if (runtime.backend().ep !== before) post({ type: 'backend', id, backend: runtime.backend() });
    }
  }

  async function run(req: Extract<WorkerRequest, { type: 'run' }>, post: Post) {
    const isStale = () => req.id !== latestRunId;
    if (isStale()) return post({ type: 'superseded', id: req.id });
    const { manifest } = await ready();
    const R = manifest.R;
    const rgba = new Uint8ClampedArray(req.image);
    const mask = new Float32Array(req.mask);
    if (rgba.length !== R * R * 4 || mask.length !== R * R) {
      throw new Error(`The crop must be ${R}x${R} RGBA with a ${R}x${R} mask.`);
    }
    const started = performance.now();
    const attempt = async () => {
      await ensureSessions(req.id, post);
      if (isStale()) return false;
      const all = Object.fromEntries(GRAPH_ORDER.map((g) => [g, sessions.get(g)!.session])) as Record<GraphName, GraphSession>;
      return runPipeline(all, manifest, { rgba, mask, seed: req.seed }, {
        isStale,
        onRunning: (stage) => post({ type: 'running', id: req.id, stage }),
        onStage: (stage, comp, ms) => post({ type: 'stage', id: req.id, stage, rgba: nchwToRgba(comp, R, R).buffer as ArrayBuffer, ms }),
      });
    };
    let finished: boolean;
    try {
      finished = await attempt();
    } catch (err) {
      // A GPU that fails mid-run (device lost, out of memory): redo the run on WASM, once.
      const { runtime } = await ready();
      if (runtime.backend().ep !== 'webgpu' || !runtime.fallBackToWasm) throw err;
      runtime.fallBackToWasm(`WebGPU failed during a run (${err instanceof Error ? err.message : String(err)}); using WASM`);
      post({ type: 'backend', id: req.id, backend: runtime.backend() });
      finished = await attempt();
    }
    post(finished ? { type: 'done', id: req.id, ms: performance.now() - started } : { type: 'superseded', id: req.id });
  }

  async function runGraph(req: Extract<WorkerRequest, { type: 'runGraph' }>, post: Post) {
    const { manifest } = await ready();
    await ensureSessions(req.id, post, req.graph);
    const spec = manifest.graphs[req.graph];
    const feeds = Object.fromEntries(
      spec.inputs.map((t) => {
        const buf = req.feeds[t.name];
        if (!buf) throw new Error(`runGraph: missing input "${t.name}".`);
        return [t.name, { data: new Float32Array(buf), dims: t.shape }];
      }),
    );
    const started = performance.now();
    const out = await sessions.get(req.graph)!.session.run(feeds);
    const output = out[spec.outputs[0].name];
    post({ type: 'graphResult', id: req.id, output: output.slice().buffer as ArrayBuffer, ms: performance.now() - started });
  }

  /** Handles one request; every failure becomes an `error` reply for that request. */
  function handle(req: WorkerRequest, post: Post): Promise<void> {
    const guarded = (work: () => Promise<void>) => work().catch((err) => post(errorReply(req.id, err)));
    switch (req.type) {
      case 'init':
        return guarded(() => init(req, post));
      case 'run':
        latestRunId = req.id;
        queue = queue.then(() => guarded(() => run(req, post)));
        return queue;
      case 'prepare':
        // on the queue: a run that comes meanwhile waits for these sessions instead of making its own
        queue = queue.then(() =>
          guarded(async () => {
            const started = performance.now();
            await ensureSessions(req.id, post);
            post({ type: 'prepared', id: req.id, ms: performance.now() - started });
          }),
        );
        return queue;
      case 'runGraph':
        queue = queue.then(() => guarded(() => runGraph(req, post)));
        return queue;
      case 'stats':
        return guarded(async () => {
          const runtime = loaded ? (await loaded).runtime : undefined;
          post({ type: 'stats', id: req.id, stats: { sessions: sessions.size, sessionsCreated, liveTensors: runtime?.liveTensors?.() ?? 0 } });
        });
      default:
        post(errorReply((req as { id?: number }).id ?? -1, new Error(`Unknown request ${(req as { type?: string }).type}`)));
        return Promise.resolve();
    }
  }

  return { handle };
}
