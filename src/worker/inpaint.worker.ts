/// <reference lib="webworker" />
// Module worker entry: wires the handler to postMessage, with buffers transferred.
import { installGpuFault, withRunFault } from './faults';
import { createInpaintHandler } from './handler';
import { loadGraphsInWorker } from './graphsClient';
import { loadManifest } from './modelStore';
import { createOrtRuntime } from './ortRuntime';
import { transferables, type Fault, type WorkerReply, type WorkerRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let faults = new Set<Fault>();
const handler = createInpaintHandler({
  createRuntime: async (ep, threads, onFilesIn, download) => withRunFault(await createOrtRuntime(ep, threads, onFilesIn, download), faults),
  loadManifest,
  loadGraphs: loadGraphsInWorker,
});
const post = (reply: WorkerReply) => self.postMessage(reply, transferables(reply));

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  if (req.type === 'init' && req.faults?.length) {
    faults = new Set(req.faults);
    installGpuFault(faults);
    if (faults.has('hang-on-init')) return; // no answer, no error: what the page's watchdog is for
  }
  if (req.type === 'run' && faults.delete('crash-on-run')) {
    // Uncaught, outside any promise the handler guards: what a crashing worker looks like.
    setTimeout(() => {
      throw new Error('injected fault: the worker crashed');
    });
    return;
  }
  void handler.handle(req, post);
};
