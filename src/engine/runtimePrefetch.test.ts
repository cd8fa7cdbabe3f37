// The page's download of onnxruntime's .wasm: its body goes to the worker as a stream, and the
// "nearly in" port speaks once all but the last 2 MB have passed, not before (handler.ts starts
// the graphs' download on it).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefetchRuntime } from './runtimePrefetch';

const SIZE = 5_000_000;

afterEach(() => vi.unstubAllGlobals());

describe('prefetchRuntime', () => {
  it('says "nearly in" once all but the last 2 MB of the .wasm have been read', async () => {
    let push!: ReadableStreamDefaultController<Uint8Array>;
    const network = new ReadableStream<Uint8Array>({ start: (c) => void (push = c) });
    vi.stubGlobal('__ORT_VERSION__', 'test');
    vi.stubGlobal('__ORT_WASM_BYTES__', { wasm: SIZE, webgpu: 2 * SIZE });
    vi.stubGlobal('location', { origin: 'http://app.test' });
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return new Response(network, { status: 200, headers: { 'content-type': 'application/wasm' } });
    });
    const download = await prefetchRuntime('wasm');
    expect(download?.build).toBe('wasm');
    expect(asked).toEqual(['http://app.test/ort/test/ort-wasm-simd-threaded.wasm']);
    const heard: number[] = [];
    download!.nearlyIn!.onmessage = () => heard.push(sent);
    const settle = () => new Promise((r) => setTimeout(r, 10));
    let sent = 0;
    for (const mb of [1, 1, 0.9]) {
      push.enqueue(new Uint8Array(mb * 1e6));
      sent += mb * 1e6;
      await settle();
    }
    expect(heard).toEqual([]); // 2.9 MB of 5: 2.1 MB still to come
    push.enqueue(new Uint8Array(0.2e6));
    sent += 0.2e6;
    await settle();
    expect(heard).toEqual([3.1e6]);
    push.enqueue(new Uint8Array(1.9e6));
    push.close();
    await settle();
    expect(heard).toHaveLength(1); // once
    // every byte reaches the worker's side
    let got = 0;
    for await (const chunk of download!.body as unknown as AsyncIterable<Uint8Array>) got += chunk.byteLength;
    expect(got).toBe(SIZE);
    download!.nearlyIn!.close();
  });
});
