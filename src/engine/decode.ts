// Main-thread side of the photo decoder (worker/decode.worker.ts): one worker, started on first
// use and kept; each request answered by id.
import type { DecodeReply, DecodeRequest } from '../worker/protocol';

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, (r: DecodeReply) => void>();

function decoder(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../worker/decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' });
  worker.onmessage = (e: MessageEvent<DecodeReply>) => {
    waiting.get(e.data.id)?.(e.data);
    waiting.delete(e.data.id);
  };
  worker.onerror = (e) => {
    for (const [id, resolve] of waiting) resolve({ type: 'error', id, message: e.message || 'the photo decoder stopped' });
    waiting.clear();
    worker = null;
  };
  return worker;
}

export function decodeInWorker(file: Blob, limits: Omit<DecodeRequest, 'type' | 'id' | 'file'>): Promise<DecodeReply> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    decoder().postMessage({ type: 'decode', id, file, ...limits } satisfies DecodeRequest);
  });
}
