// A first visit's longest download is onnxruntime's .wasm (2.3 MB compressed). The inpaint worker
// could ask for it only once its script had loaded and started: 0.75-0.9 s after navigation on a
// 10 Mbit/s, 40 ms link. The page starts it instead, as soon as it knows which build the worker
// will choose (the same WebGPU question, src/worker/runtimeFiles.ts), and hands the body to the
// worker as a stream: onnxruntime still compiles it as it arrives, and the worker still stores it
// in the cache it owns. Nothing is fetched when that cache already holds the file.
import { hasCached } from '../worker/assetCache';
import type { EpChoice, RuntimeDownload } from '../worker/protocol';
import { probeWebGpu, runtimeWasmUrl, type RuntimeBuild } from '../worker/runtimeFiles';

declare const __ORT_VERSION__: string;
/** Each build's .wasm size in bytes (vite.config.ts). */
declare const __ORT_WASM_BYTES__: Record<RuntimeBuild, number>;

/**
 * The graphs' download starts this many bytes (decoded) before the .wasm's end, as this page reads
 * it: about 0.3 MB on the wire, the 0.25-0.3 s by which a busy page reads behind the network on a
 * first visit. Heard from the worker's own reading, the graphs' request went out 0.45-0.6 s after
 * the .wasm's last byte, and the link idled meanwhile.
 */
const NEARLY_IN_BYTES = 2_000_000;

/**
 * How long the page waits for its WebGPU answer before leaving the download to the worker. The
 * init waits for this, so a stalled adapter (the worker's own probe gives it 5 s) must not hold the
 * worker's start up too: an answer usually takes 10-50 ms.
 */
const PROBE_WAIT_MS = 300;

/**
 * The build the worker will load for `ep`, and its .wasm's body on the way; undefined when cached
 * (or anything fails: the worker then fetches it itself). `onBytes` hears each chunk that arrives
 * (the engine's start watchdog: a slow download is not a hang).
 */
export async function prefetchRuntime(ep: EpChoice, onBytes?: () => void): Promise<RuntimeDownload | undefined> {
  try {
    let build: RuntimeBuild = 'wasm';
    if (ep !== 'wasm') {
      let timer: number | undefined;
      const late = new Promise<undefined>((resolve) => (timer = window.setTimeout(resolve, PROBE_WAIT_MS)));
      const probe = await Promise.race([probeWebGpu(ep === 'webgpu'), late]).finally(() => clearTimeout(timer));
      if (!probe) return undefined; // no answer yet: the worker asks and fetches, as without this
      if (probe.ok) build = 'webgpu';
    }
    const url = runtimeWasmUrl(location.origin, build);
    if (typeof ReadableStream === 'undefined' || (await hasCached(url, __ORT_VERSION__))) return undefined;
    // The stream goes to the worker now and the response's bytes flow into it as they arrive. The
    // worker reads it only once its script is up: meanwhile the bytes queue here (a small queue would
    // hold the download back, which is the whole point of starting it early).
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>({}, new ByteLengthQueuingStrategy({ highWaterMark: 64e6 }));
    const { port1: nearlyInHere, port2: nearlyIn } = new MessageChannel();
    const markAt = (typeof __ORT_WASM_BYTES__ !== 'undefined' ? __ORT_WASM_BYTES__[build] : Infinity) - NEARLY_IN_BYTES;
    let seen = 0;
    const say = () => {
      nearlyInHere.postMessage('nearly-in');
      nearlyInHere.close();
    };
    fetch(url)
      .then((res) => {
        if (res.status !== 200 || !res.body || (res.headers.get('content-type') ?? '').includes('text/html')) {
          throw new Error(`Could not download ${url} (HTTP ${res.status}). The installation is missing this file.`);
        }
        const counted = new TransformStream<Uint8Array, Uint8Array>({
          transform: (chunk, out) => {
            if (seen < markAt && (seen += chunk.byteLength) >= markAt) say();
            onBytes?.();
            out.enqueue(chunk);
          },
        });
        return res.body.pipeThrough(counted).pipeTo(writable);
      })
      .catch((err) => writable.abort(err).catch(() => {}))
      .finally(() => seen < markAt && say()); // a short or broken download: the worker's own signals decide
    return { build, body: readable, nearlyIn };
  } catch {
    return undefined;
  }
}
