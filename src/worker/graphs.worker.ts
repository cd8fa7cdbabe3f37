/// <reference lib="webworker" />
// The graphs' download, in a thread of its own (started by the inpaint worker). Opening a session
// or running a stage keeps the inpaint worker's thread busy for up to half a second at a time, and
// a fetch is read on the thread that made it: downloaded there, the refine graph stalled behind
// the prior's session by 0.3-0.4 s on a first visit. Each graph goes back as soon as it is in.
import { loadGraphs } from './modelStore';
import type { GraphsReply, GraphsRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let start!: () => void;
const startWhen = new Promise<void>((resolve) => (start = resolve));

self.onmessage = (event: MessageEvent<GraphsRequest>) => {
  const req = event.data;
  if (req.type === 'start') return start();
  // the page's word comes straight here: the inpaint worker may be busy compiling the runtime then
  if (req.startPort) req.startPort.onmessage = () => start();
  const post = (reply: GraphsReply) => self.postMessage(reply);
  loadGraphs(
    req.manifest,
    req.baseUrl,
    (loaded, total) => post({ type: 'progress', loaded, total }),
    // copied, not moved: this side still stores them in the cache (a few ms for the largest)
    (name, bytes, downloaded) => post({ type: 'graph', name, bytes, downloaded }),
    startWhen,
  ).then(
    () => post({ type: 'done' }),
    (err) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};
