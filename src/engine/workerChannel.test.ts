import { describe, expect, it } from 'vitest';
import { workerChannel } from './workerChannel';

type Req = { type: 'echo'; id: number; n: number };
type Reply = { type: 'echo'; id: number; n: number } | { type: 'error'; id: number; message: string };

/** A stand-in worker: answers in reverse order of arrival, or dies on demand. */
function fake() {
  const sent: Req[] = [];
  const w = { onmessage: null as ((e: MessageEvent<Reply>) => void) | null, onerror: null as ((e: ErrorEvent) => void) | null, postMessage: (r: Req) => sent.push(r) };
  const reply = () => sent.splice(0).reverse().forEach((r) => w.onmessage?.({ data: { type: 'echo', id: r.id, n: r.n * 2 } } as MessageEvent<Reply>));
  const die = () => w.onerror?.({ message: '' } as ErrorEvent);
  return { w, reply, die };
}

describe('workerChannel', () => {
  it('answers each request with the reply carrying its id, starts one worker, and a fresh one after a crash', async () => {
    const workers: ReturnType<typeof fake>[] = [];
    const ask = workerChannel<Req, Reply>(
      () => {
        workers.push(fake());
        return workers.at(-1)!.w as unknown as Worker;
      },
      (id, message) => ({ type: 'error', id, message: message || 'stopped' }),
    );
    const a = ask({ type: 'echo', n: 1 });
    const b = ask({ type: 'echo', n: 5 });
    workers[0].reply();
    expect(await a).toMatchObject({ type: 'echo', n: 2 });
    expect(await b).toMatchObject({ type: 'echo', n: 10 });
    expect(workers).toHaveLength(1);
    const c = ask({ type: 'echo', n: 3 });
    workers[0].die();
    expect(await c).toMatchObject({ type: 'error', message: 'stopped' });
    const d = ask({ type: 'echo', n: 4 });
    expect(workers).toHaveLength(2);
    workers[1].reply();
    expect(await d).toMatchObject({ type: 'echo', n: 8 });
  });
});
