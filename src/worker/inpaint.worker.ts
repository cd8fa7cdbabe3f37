/// <reference lib="webworker" />
// Module worker entry: wires the handler to postMessage, with buffers transferred.
import { createInpaintHandler } from './handler';
import { loadGraphs, loadManifest } from './modelStore';
import { createOrtRuntime } from './ortRuntime';
import { transferables, type WorkerReply, type WorkerRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const handler = createInpaintHandler({ createRuntime: createOrtRuntime, loadManifest, loadGraphs });
const post = (reply: WorkerReply) => self.postMessage(reply, transferables(reply));

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  void handler.handle(event.data, post);
};
