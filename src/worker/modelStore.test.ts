// The graphs' download order on a first visit: one after another in the order a run needs them,
// each next one asked for just before the body before it ends, so the link never idles between them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadGraphs, sha256Hex } from './modelStore';
import type { Manifest } from '../lib/manifest';

const CHUNK = 32_000;

/** A fetch whose bodies come one chunk per `tick()`, logging when each URL was asked for. */
function slowNetwork(files: Record<string, Uint8Array>) {
  const log: string[] = [];
  const pending: (() => void)[] = [];
  const fetchMock = vi.fn(async (url: string) => {
    const name = url.split('/').pop()!;
    log.push(`ask ${name}`);
    const bytes = files[name];
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (ctl) =>
        new Promise<void>((resolve) =>
          pending.push(() => {
            const chunk = bytes.subarray(offset, offset + CHUNK);
            offset += chunk.length;
            log.push(`${name} ${offset}`);
            ctl.enqueue(chunk);
            if (offset >= bytes.length) ctl.close();
            resolve();
          }),
        ),
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  });
  /** Delivers one chunk of every body waiting for one, then lets the promises settle. */
  const tick = async () => {
    for (const next of pending.splice(0)) next();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await new Promise((r) => setTimeout(r));
  };
  return { fetchMock, log, tick };
}

async function manifestFor(files: Record<string, Uint8Array>): Promise<Manifest> {
  const graph = async (file: string) => ({ file, bytes: files[file].length, sha256: await sha256Hex(files[file]), inputs: [], outputs: [] });
  return { R: 128, Z: 64, graphs: { prior: await graph('prior.onnx'), structure: await graph('structure.onnx'), refine: await graph('refine.onnx') } } as unknown as Manifest;
}

describe('loadGraphs on a first visit', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for the next graph when under 256 kB of the one before is still to come, not sooner', async () => {
    const files = {
      'structure.onnx': new Uint8Array(9_000).fill(1),
      'prior.onnx': new Uint8Array(640_000).fill(2),
      'refine.onnx': new Uint8Array(400_000).fill(3),
    };
    const net = slowNetwork(files);
    vi.stubGlobal('fetch', net.fetchMock);
    const manifest = await manifestFor(files);
    const arrived: string[] = [];
    const all = loadGraphs(manifest, 'http://x/', () => {}, (name) => arrived.push(name));
    for (let i = 0; i < 60 && arrived.length < 3; i++) await net.tick();
    const bytes = await all;
    expect(Object.keys(bytes).sort()).toEqual(['prior', 'refine', 'structure']);
    expect(bytes.refine).toEqual(files['refine.onnx']);
    const log = net.log;
    // the 9 kB structure graph comes alongside the prior
    expect(log.indexOf('ask prior.onnx')).toBeLessThan(log.indexOf('structure.onnx 9000'));
    // the refine graph: asked after the prior's 384,000th byte (256 kB to go), before its last
    const askRefine = log.indexOf('ask refine.onnx');
    expect(askRefine).toBeGreaterThan(log.indexOf('prior.onnx 384000'));
    expect(askRefine).toBeLessThan(log.indexOf('prior.onnx 416000'));
    expect(arrived).toEqual(['structure', 'prior', 'refine']);
  });

  it('a graph that fails still lets the next one download, and the error is the download’s', async () => {
    const files = { 'structure.onnx': new Uint8Array(9_000), 'prior.onnx': new Uint8Array(320_000), 'refine.onnx': new Uint8Array(200_000) };
    const net = slowNetwork(files);
    vi.stubGlobal('fetch', vi.fn(async (url: string) => (url.endsWith('prior.onnx') ? new Response('no', { status: 404 }) : net.fetchMock(url))));
    const manifest = await manifestFor(files);
    const all = loadGraphs(manifest, 'http://x/', () => {});
    all.catch(() => {});
    for (let i = 0; i < 20; i++) await net.tick();
    await expect(all).rejects.toThrow(/prior\.onnx \(HTTP 404\)/);
    expect(net.log).toContain('ask refine.onnx');
  });
});
