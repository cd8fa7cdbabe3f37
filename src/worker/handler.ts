// The worker's brain, free of `self` and onnxruntime so tests can drive it: requests in, replies
// out. Runs are serialised (one ORT session cannot run twice at once) and the latest run wins:
// an older run stops at the next stage boundary and answers `superseded`.
import { GRAPH_ORDER, type GraphName, type Manifest } from '../lib/manifest';
import { nchwToRgba } from '../lib/tensor';
import { runPipeline } from './pipeline';
import type { EpChoice, RuntimeDownload, WorkerReply, WorkerRequest } from './protocol';
import type { GraphSession, Runtime } from './runtime';

export interface HandlerDeps {
  /** `onFilesIn`: the runtime's own files have arrived (it may still be compiling them, or storing them). */
  /** `download`: the page's download of the runtime's .wasm, when it started one. */
  createRuntime(ep: EpChoice, threads?: number, onFilesIn?: () => void, download?: RuntimeDownload): Promise<Runtime>;
  loadManifest(baseUrl: string): Promise<Manifest>;
  loadGraphs(
    manifest: Manifest,
    baseUrl: string,
    onProgress: (loaded: number, total: number) => void,
    /** Each graph as soon as it is in and verified, before the others. */
    onGraph?: (name: GraphName, bytes: Uint8Array, downloaded: boolean) => void,
    /** The downloads start when this settles (what is cached is used at once). */
    startWhen?: Promise<unknown>,
    /** ...or when a message comes on this port (the page's RuntimeDownload.nearlyIn), whichever is first. */
    startPort?: MessagePort,
  ): Promise<Record<GraphName, Uint8Array>>;
}

export type Post = (reply: WorkerReply) => void;

/**
 * Graphs whose WASM session opens without onnxruntime's graph optimisations when the graph has just
 * come over the network: on a first visit the click comes about when the graphs do (before or
 * after), and optimising the prior took 0.55-0.9 s of that wait, right on the critical path;
 * unoptimised it opens in 0.2 s, but each run rebuilds its int8 weights (the three graphs: 116.8
 * against 94.0 ms median, WASM with 2 threads, npm run bench). From the cache the sessions open at
 * page load, long before a person can have painted, and keep the optimisations.
 */
const QUICK_OPEN: ReadonlySet<GraphName> = new Set(['prior']);

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
   * The graphs' download, started once the runtime's .wasm is in (they would share the network:
   * with the runtime first, it compiles and opens the first sessions while the graphs arrive,
   * instead of all of it waiting for the last byte). Each graph can be used as soon as it is in.
   * Progress goes to whichever request waits.
   */
  let download: Promise<Record<GraphName, Uint8Array>> | undefined;
  let arrived = new Map<GraphName, Promise<Uint8Array>>();
  let onProgress: (loaded: number, total: number) => void = () => {};
  let lastProgress: [number, number] | undefined;
  const onTheWay = new Set<GraphName>();
  /** Graphs that came over the network (not from the cache) in this worker's download. */
  const downloaded = new Set<GraphName>();
  const startDownload = (manifest: Manifest, baseUrl: string, startWhen?: Promise<unknown>, startPort?: MessagePort) => {
    const settle = new Map<GraphName, (bytes: Uint8Array) => void>();
    arrived = new Map(
      GRAPH_ORDER.map((g) => {
        onTheWay.add(g);
        return [g, new Promise<Uint8Array>((resolve) => settle.set(g, (bytes) => (onTheWay.delete(g), resolve(bytes))))];
      }),
    );
    const all = deps.loadGraphs(
      manifest,
      baseUrl,
      (l, t) => {
        lastProgress = [l, t];
        onProgress(l, t);
      },
      (name, bytes, fromNetwork) => {
        if (fromNetwork) downloaded.add(name);
        settle.get(name)?.(bytes);
      },
      startWhen,
      startPort,
    );
    download = all;
    all.then(
      (bytes) => GRAPH_ORDER.forEach((g) => settle.get(g)?.(bytes[g])),
      () => {
        download = undefined; // a failed download is retried by the next request
        onTheWay.clear();
      },
    );
    return all;
  };
  /** One graph's bytes: as soon as it is in, or (download failed) the whole download's error. */
  const graphBytes = (g: GraphName, all: Promise<Record<GraphName, Uint8Array>>) => Promise.race([arrived.get(g)!, all.then((b) => b[g])]);

  async function init(req: Extract<WorkerRequest, { type: 'init' }>, post: Post) {
    loaded = (async () => {
      const manifest = deps.loadManifest(req.modelBaseUrl);
      let filesIn!: () => void;
      const runtimeFilesIn = new Promise<void>((resolve) => (filesIn = resolve));
      const runtime = deps.createRuntime(req.ep, req.threads, filesIn, req.runtime);
      // the graphs start once the runtime's .wasm is in (or the runtime is up, if it never says)
      // (or once the page says the .wasm is nearly in: it reads the download first, this thread may be compiling)
      manifest.then((m) => download ?? startDownload(m, req.modelBaseUrl, Promise.race([runtimeFilesIn, runtime]), req.runtime?.nearlyIn)).catch(() => {}); // a failed download shows at the first request
      return { runtime: await runtime, manifest: await manifest, baseUrl: req.modelBaseUrl };
    })();
    const { runtime, manifest } = await loaded;
    post({ type: 'ready', id: req.id, backend: runtime.backend(), model: { name: manifest.name, R: manifest.R, Z: manifest.Z } });
  }

  function ready(): Promise<Loaded> {
    if (!loaded) throw new Error('The inference worker was used before it was initialised.');
    return loaded;
  }

  /**
   * One lane for everything that runs inside onnxruntime (opening a session, a warm-up, a stage):
   * a run never overlaps another or a session being opened, even when a run joins the opening
   * half-way (the WebGPU build cannot run two things at once).
   */
  let lane: Promise<unknown> = Promise.resolve();
  const inLane = <T>(work: () => Promise<T>): Promise<T> => {
    const done = lane.then(work);
    lane = done.catch(() => {});
    return done;
  };
  /** Who hears of each session as it opens (the runs waiting for their stages). */
  const listeners = new Set<(graph: GraphName, session: GraphSession) => void>();
  /** The opening in progress, shared by whoever asks meanwhile (a prepare, then a run). */
  let opening: Promise<void> | undefined;
  /** Graphs that had their warm-up run (only while another graph was still on its way: then it costs no one any time). */
  const warmedUp = new Set<GraphName>();
  let runsWaiting = 0;

  /**
   * Creates any missing session, downloading what is needed; recreates sessions left on an old
   * backend. `onOpen` hears of each session as soon as it is open (at once for those already open).
   */
  async function ensureSessions(id: number, post: Post, onOpen: (graph: GraphName, session: GraphSession) => void = () => {}) {
    const { runtime } = await ready();
    const stale = () => GRAPH_ORDER.filter((g) => sessions.get(g)?.ep !== runtime.backend().ep);
    for (const g of GRAPH_ORDER) if (!stale().includes(g)) onOpen(g, sessions.get(g)!.session);
    listeners.add(onOpen);
    try {
      onProgress = (l, t) => post({ type: 'download', id, loaded: l, total: t });
      if (download && lastProgress) onProgress(...lastProgress); // joined mid-way: say where it stands
      for (let attempt = 0; attempt < 2 && stale().length; attempt++) {
        const before = runtime.backend().ep;
        opening ??= openStale(stale()).finally(() => (opening = undefined));
        await opening;
        if (runtime.backend().ep !== before) post({ type: 'backend', id, backend: runtime.backend() });
      }
    } finally {
      listeners.delete(onOpen);
    }
  }

  /**
   * Opens each session as its graph arrives, one at a time. While a graph is still on its way, the
   * ones already open run once on zeros: the first runs of a fresh runtime are several times slower
   * (its code is still being optimised), and this spends that on the wait.
   */
  async function openStale(graphs: GraphName[]) {
    const { runtime, manifest, baseUrl } = await ready();
    // the runtime compiles while the graphs are still downloading (a failure here shows at createSession)
    const warming = runtime.warm?.().catch(() => {});
    const all = download ?? startDownload(manifest, baseUrl);
    await warming;
    await Promise.all(
      graphs.map(async (graph) => {
        const bytes = await graphBytes(graph, all);
        await inLane(async () => {
          await sessions.get(graph)?.session.release();
          const session = await runtime.createSession(bytes, { optimize: !(QUICK_OPEN.has(graph) && downloaded.has(graph)) });
          sessionsCreated++;
          sessions.set(graph, { session, ep: runtime.backend().ep });
          listeners.forEach((hear) => hear(graph, session));
        });
        // a warm-up never holds up a run: only while no run waits, or while a graph it needs first is still coming
        // (a run asked for while the session was opening is heard first: messages wait for the next task)
        await new Promise((resolve) => setTimeout(resolve));
        const earlierComing = GRAPH_ORDER.slice(0, GRAPH_ORDER.indexOf(graph)).some((g) => onTheWay.has(g));
        if (!warmedUp.has(graph) && onTheWay.size && (!runsWaiting || earlierComing)) {
          warmedUp.add(graph);
          await inLane(() => sessions.get(graph)!.session.run(zeroFeeds(manifest, graph)));
        }
      }),
    );
  }

  async function run(req: Extract<WorkerRequest, { type: 'run' }>, post: Post) {
    const isStale = () => req.id !== latestRunId;
    if (isStale()) return post({ type: 'superseded', id: req.id });
    const { manifest } = await ready();
    const R = manifest.R;
    const inputs = [{ image: req.image, mask: req.mask }, ...(req.more ?? [])].map(({ image, mask }) => {
      const input = { rgba: new Uint8ClampedArray(image), mask: new Float32Array(mask), seed: req.seed };
      if (input.rgba.length !== R * R * 4 || input.mask.length !== R * R) {
        throw new Error(`The crop must be ${R}x${R} RGBA with a ${R}x${R} mask.`);
      }
      return input;
    });
    const started = performance.now();
    const attempt = async () => {
      // On a first visit the graphs arrive one by one: the prior runs while the refine graph is still coming.
      const opened = new Map<GraphName, (s: GraphSession) => void>();
      const each = Object.fromEntries(GRAPH_ORDER.map((g) => [g, new Promise<GraphSession>((resolve) => opened.set(g, resolve))])) as Record<GraphName, Promise<GraphSession>>;
      runsWaiting++;
      const ensured = ensureSessions(req.id, post, (g, s) => opened.get(g)?.(s)).finally(() => runsWaiting--);
      ensured.catch(() => {}); // its failure reaches the run through the stage waiting for it, or below
      // a session that fails to open fails the stage waiting for it; stages run in the lane
      const inLaneSession = (s: GraphSession): GraphSession => ({ run: (feeds) => inLane(() => s.run(feeds)), release: () => s.release() });
      const sessionOf = Object.fromEntries(
        GRAPH_ORDER.map((g) => [g, Promise.race([each[g], ensured.then(() => each[g])]).then(inLaneSession)]),
      ) as Record<GraphName, Promise<GraphSession>>;
      Object.values(sessionOf).forEach((p) => p.catch(() => {})); // the stages never reached must not report it again
      const moreMs = inputs.map(() => 0);
      const finished = await runPipeline(sessionOf, manifest, inputs, {
        isStale,
        onRunning: (stage) => post({ type: 'running', id: req.id, stage }),
        onStage: (stage, comp, ms, index) => {
          if (!index) return post({ type: 'stage', id: req.id, stage, rgba: nchwToRgba(comp, R, R).buffer as ArrayBuffer, ms });
          moreMs[index] += ms;
          post({ type: 'more', id: req.id, index: index - 1, stage, rgba: nchwToRgba(comp, R, R).buffer as ArrayBuffer, ms: moreMs[index] });
        },
      });
      await ensured; // the sessions this run waited on are all open, or their failure is this run's
      return finished;
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
    await ensureSessions(req.id, post);
    const spec = manifest.graphs[req.graph];
    const feeds = Object.fromEntries(
      spec.inputs.map((t) => {
        const buf = req.feeds[t.name];
        if (!buf) throw new Error(`runGraph: missing input "${t.name}".`);
        return [t.name, { data: new Float32Array(buf), dims: t.shape }];
      }),
    );
    const started = performance.now();
    const session = sessions.get(req.graph)!.session;
    const out = await inLane(() => session.run(feeds));
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
        // not on the queue: a run that comes meanwhile joins this opening and starts each stage as its session opens
        return guarded(async () => {
          const started = performance.now();
          await ensureSessions(req.id, post);
          post({ type: 'prepared', id: req.id, ms: performance.now() - started });
        });
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

/** Inputs of zeros in the shapes the manifest gives: a warm-up run's feeds. */
function zeroFeeds(manifest: Manifest, graph: GraphName) {
  return Object.fromEntries(manifest.graphs[graph].inputs.map((t) => [t.name, { data: new Float32Array(t.shape.reduce((a, b) => a * b, 1)), dims: t.shape }]));
}
