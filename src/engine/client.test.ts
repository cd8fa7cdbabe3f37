// The main-thread client against a scripted fake worker: replies are routed by id, a newer run
// supersedes an older one, late replies for a stale run are dropped, errors reject.
import { describe, expect, it } from 'vitest';
import type { WorkerReply, WorkerRequest } from '../worker/protocol';
import { EngineClient, type WorkerLike } from './client';

class FakeWorker implements WorkerLike {
  sent: { msg: WorkerRequest; transfer: Transferable[] }[] = [];
  onmessage: ((ev: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  postMessage(msg: WorkerRequest, transfer: Transferable[]) {
    this.sent.push({ msg, transfer });
  }
  reply(r: WorkerReply) {
    this.onmessage?.({ data: r } as MessageEvent<WorkerReply>);
  }
}

const noop = { onDownload() {}, onRunning() {}, onStage() {} };
const R = 4;
const input = () => [new Uint8ClampedArray(R * R * 4), new Float32Array(R * R)] as const;

describe('EngineClient', () => {
  it('resolves init with the backend and transfers run buffers', async () => {
    const w = new FakeWorker();
    const client = new EngineClient(w);
    const ready = client.init('wasm', '/models/');
    const { id } = w.sent[0].msg;
    w.reply({ type: 'ready', id, backend: { ep: 'wasm', threads: 2, crossOriginIsolated: true, reason: 'x' }, model: { name: 'm', R, Z: 8 } });
    await expect(ready).resolves.toMatchObject({ model: { R } });
    void client.run(...input(), 1, noop);
    expect(w.sent[1].transfer).toHaveLength(2);
  });

  it('latest wins: the older run resolves superseded and its late stages are dropped', async () => {
    const w = new FakeWorker();
    const client = new EngineClient(w);
    const stagesOfFirst: string[] = [];
    const first = client.run(...input(), 1, { ...noop, onStage: (s) => stagesOfFirst.push(s) });
    const firstId = w.sent[0].msg.id;
    const second = client.run(...input(), 2, noop);
    const secondId = w.sent[1].msg.id;
    await expect(first).resolves.toEqual({ kind: 'superseded' });
    w.reply({ type: 'stage', id: firstId, stage: 'prior', rgba: new ArrayBuffer(R * R * 4), ms: 1 });
    w.reply({ type: 'done', id: firstId, ms: 3 });
    expect(stagesOfFirst).toEqual([]);
    w.reply({ type: 'done', id: secondId, ms: 5 });
    await expect(second).resolves.toEqual({ kind: 'done', ms: 5 });
  });

  it('rejects with the worker’s message and reports backend switches', async () => {
    const w = new FakeWorker();
    const client = new EngineClient(w);
    const backends: string[] = [];
    client.onBackend = (b) => backends.push(b.ep);
    const run = client.run(...input(), 1, noop);
    const { id } = w.sent[0].msg;
    w.reply({ type: 'backend', id, backend: { ep: 'wasm', threads: 1, crossOriginIsolated: false, reason: 'WebGPU session failed' } });
    w.reply({ type: 'error', id, message: 'prior.onnx is corrupt' });
    await expect(run).rejects.toThrow('prior.onnx is corrupt');
    expect(backends).toEqual(['wasm']);
  });

  it('fails every pending request when the worker crashes', async () => {
    const w = new FakeWorker();
    const client = new EngineClient(w);
    const crashes: string[] = [];
    client.onCrash = (m) => crashes.push(m);
    const run = client.run(...input(), 1, noop);
    w.onerror?.({ message: 'out of memory' } as ErrorEvent);
    await expect(run).rejects.toThrow(/stopped unexpectedly \(out of memory\).*Retry/);
    expect(crashes).toHaveLength(1);
    // A dead client refuses new work at once instead of hanging.
    await expect(client.run(...input(), 2, noop)).rejects.toThrow(/stopped unexpectedly/);
  });
});

describe('EngineClient with initFirst', () => {
  it('holds requests made before init and sends them right after it, in order', async () => {
    const w = new FakeWorker();
    const client = new EngineClient(w, { initFirst: true });
    void client.run(...input(), 1, noop);
    void client.prepare(() => {});
    expect(w.sent).toHaveLength(0);
    void client.init('wasm', '/models/');
    expect(w.sent.map((s) => s.msg.type)).toEqual(['init', 'run', 'prepare']);
    void client.run(...input(), 2, noop);
    expect(w.sent).toHaveLength(4);
  });
});
