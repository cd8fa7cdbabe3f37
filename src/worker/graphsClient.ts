// The inpaint worker's side of the graph-download worker (graphs.worker.ts).
import type { GraphName } from '../lib/manifest';
import type { HandlerDeps } from './handler';
import type { GraphsReply, GraphsRequest } from './protocol';

/**
 * loadGraphs, run in a worker of its own (graphs.worker.ts) so the download is read while this
 * thread is busy inside onnxruntime. Same contract; `startWhen` is passed on as a message, and
 * `startPort` (the page's RuntimeDownload.nearlyIn) goes to that worker, which starts on the first of them.
 */
export const loadGraphsInWorker: HandlerDeps['loadGraphs'] = (manifest, baseUrl, onProgress, onGraph = () => {}, startWhen = Promise.resolve(), startPort) => {
  const worker = new Worker(new URL('./graphs.worker.ts', import.meta.url), { type: 'module', name: 'graphs' });
  const result = {} as Record<GraphName, Uint8Array>;
  return new Promise<Record<GraphName, Uint8Array>>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<GraphsReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') onProgress(reply.loaded, reply.total);
      else if (reply.type === 'graph') {
        result[reply.name] = reply.bytes;
        onGraph(reply.name, reply.bytes, reply.downloaded);
      } else if (reply.type === 'done') resolve(result);
      else reject(new Error(reply.message));
    };
    worker.onerror = (e) => reject(new Error(`The model download stopped (${e.message || 'its worker failed'}). Press Retry.`));
    worker.postMessage({ type: 'load', manifest, baseUrl, ...(startPort ? { startPort } : {}) } satisfies GraphsRequest, startPort ? [startPort] : []);
    // sent from here the moment it settles (a microtask): a busy thread cannot hold it back later
    startWhen.catch(() => {}).then(() => worker.postMessage({ type: 'start' } satisfies GraphsRequest));
  }).finally(() => worker.terminate());
};
