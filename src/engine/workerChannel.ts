// One request/reply channel to a small worker (the face detector, the photo worker): the worker
// starts on first use and is kept; each request carries an id and is answered by the reply with
// that id; a worker that dies answers everything pending with an error and is started afresh.
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export function workerChannel<Req extends { id: number }, Reply extends { id: number }>(
  start: () => Worker,
  stopped: (id: number, message: string) => Reply,
) {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, (r: Reply) => void>();

  function current(): Worker {
    if (worker) return worker;
    worker = start();
    worker.onmessage = (e: MessageEvent<Reply>) => {
      waiting.get(e.data.id)?.(e.data);
      waiting.delete(e.data.id);
    };
    worker.onerror = (e) => {
      for (const [id, resolve] of waiting) resolve(stopped(id, e.message));
      waiting.clear();
      worker = null;
    };
    return worker;
  }

  /** Sends `req` (buffers in `transfer` are moved, the rest copied) and resolves with its reply. */
  return function ask(req: WithoutId<Req>, transfer: Transferable[] = []): Promise<Reply> {
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      current().postMessage({ ...req, id }, transfer);
    });
  };
}
