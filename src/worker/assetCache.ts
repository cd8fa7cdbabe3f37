// The runtime files the workers fetch themselves (onnxruntime's .wasm, the face detector's
// weights), kept in Cache Storage under a version key. The app owns these bytes, not the service
// worker: on a first visit the workers start before the service worker controls them, so a
// service-worker copy would be a second download of the same 14-27 MB, and offline the app could
// not rely on it. The graphs have their own cache (modelStore.ts), checked by sha256.
const CACHE_NAME = 'mend-runtime-v1';

/**
 * The bytes of `url`, from the cache when a copy for `version` is there, else from the network
 * (then cached, and copies for other versions dropped). Works without Cache Storage too.
 */
export async function cachedBytes(url: string, version: string): Promise<ArrayBuffer> {
  const { response, stored } = await cachedResponse(url, version, 'application/octet-stream');
  const bytes = await response.arrayBuffer();
  await stored;
  return bytes;
}

/**
 * `url` as a Response that can be read as it arrives (onnxruntime compiles its .wasm while it
 * streams in): from the cache when a copy for `version` is there, else the network's, copied into
 * the cache on the way. `arrived` settles once its last byte is in, `stored` once the cache holds it
 * (both at once on a hit).
 * `network`: the fetch to use on a miss (onnxruntime's worker routes the global one through here).
 * `arrivedAt`: `arrived` settles as this many bytes pass (the file's size, or a little less to
 * hear of it just before the end), before the stream's end is seen (see below).
 */
export async function cachedResponse(
  url: string, version: string, contentType: string, network: typeof fetch = fetch, arrivedAt = Infinity,
): Promise<{ response: Response; arrived: Promise<void>; stored: Promise<void> }> {
  const key = keyOf(url, version);
  const headers = { 'content-type': contentType };
  const cache = await openCache();
  const hit = await cache?.match(key);
  if (hit) return { response: new Response(hit.body, { headers }), arrived: Promise.resolve(), stored: Promise.resolve() };
  let res: Response;
  try {
    res = await network(url);
  } catch (err) {
    throw new Error(`Could not download ${url} (${err instanceof Error ? err.message : String(err)}). Check the connection and reload.`);
  }
  if (res.status !== 200 || (res.headers.get('content-type') ?? '').includes('text/html') || !res.body) {
    throw new Error(`Could not download ${url} (HTTP ${res.status}). The installation is missing this file.`);
  }
  let lastByte!: () => void;
  // The end of the stream is a task of its own on this thread, and onnxruntime's start-up, which
  // the same last bytes set off, can run first and hold it back for 0.3-0.4 s: counting sees the
  // last chunk as it passes.
  let seen = 0;
  const body = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, out) => {
        seen += chunk.byteLength;
        if (seen >= arrivedAt) lastByte();
        out.enqueue(chunk);
      },
      flush: () => lastByte(),
    }),
  );
  const arrivedHere = new Promise<void>((resolve) => (lastByte = resolve));
  if (!cache) return { response: new Response(body, { headers }), arrived: arrivedHere, stored: Promise.resolve() };
  const [toCache, toCaller] = body.tee();
  const stored = (async () => {
    for (const old of await cache.keys()) if (old.url.startsWith(`${url}?v=`)) await cache.delete(old);
    await cache.put(key, new Response(toCache, { headers }));
  })();
  // a download that breaks off never arrives: it fails with the store instead
  return { response: new Response(toCaller, { headers }), arrived: Promise.race([arrivedHere, stored]), stored };
}

/** Whether the cache holds `url` for `version` (what `cachedResponse` would answer from). */
export async function hasCached(url: string, version: string): Promise<boolean> {
  return !!(await (await openCache())?.match(keyOf(url, version)));
}

const keyOf = (url: string, version: string) => `${url}?v=${encodeURIComponent(version)}`;

async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(CACHE_NAME);
  } catch {
    return undefined; // not a secure context, or storage is blocked: every visit downloads
  }
}
