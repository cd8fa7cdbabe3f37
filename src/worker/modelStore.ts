// Model files: fetched with byte progress, checked against the manifest's sha256 and kept in
// Cache Storage, so a second visit (or an offline one) downloads nothing.
import { GRAPH_ORDER, validateManifest, type GraphName, type Manifest } from '../lib/manifest';

const CACHE_NAME = 'isfrnet-models-v1';
const DOWNLOAD_ORDER: GraphName[] = ['structure', 'prior', 'refine'];
/** Graphs this small download alongside the next one. */
const SMALL_GRAPH = 100_000;
/**
 * The next graph is asked for when this many bytes of the one before are still to come (decoded
 * bytes: about half that on the wire, brotli): the request's round trip (and a worker busy
 * elsewhere) then overlaps the tail of the body, where asking at its last byte left the link idle
 * for 0.2 s on a first visit (10 Mbit/s, 40 ms).
 */
const ASK_NEXT_BEFORE_END = 256_000;

/** Reads manifest.json: from the network when reachable, else the copy cached last time. */
export async function loadManifest(baseUrl: string): Promise<Manifest> {
  const url = `${baseUrl}manifest.json`;
  const cache = await openCache();
  let text: string;
  try {
    // Known to be offline: the cached copy, without a request that can only fail.
    if (navigator.onLine === false && (await cache?.match(url))) throw new Error('offline');
    const res = await fetch(url, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
    await cache?.put(url, new Response(text, { headers: { 'content-type': 'application/json' } }));
  } catch (err) {
    const cached = await cache?.match(url);
    if (!cached) {
      throw new Error(
        `The model description could not be loaded (${url}: ${errorText(err)}). ` +
          'The model files are missing from this installation; see the README to export them.',
      );
    }
    text = await cached.text();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`The model description (${url}) is not valid JSON.`);
  }
  return validateManifest(parsed);
}

/** All graphs' bytes, verified; onGraph hears of each as it comes (`downloaded`: from the network, not the cache). onProgress reports bytes fetched over bytes to fetch (cache hits excluded). */
export async function loadGraphs(
  manifest: Manifest,
  baseUrl: string,
  onProgress: (loaded: number, total: number) => void,
  onGraph: (name: GraphName, bytes: Uint8Array, downloaded: boolean) => void = () => {},
  /** Downloads start once this settles (the cache is read before): see handler.ts. */
  startWhen: Promise<unknown> = Promise.resolve(),
): Promise<Record<GraphName, Uint8Array>> {
  const cache = await openCache();
  const result = {} as Record<GraphName, Uint8Array>;
  const missing: GraphName[] = [];
  for (const name of GRAPH_ORDER) {
    const spec = manifest.graphs[name];
    const key = cacheKey(baseUrl, spec.file, spec.sha256);
    const hit = await cache?.match(key);
    if (hit) {
      const bytes = new Uint8Array(await hit.arrayBuffer());
      if ((await sha256Hex(bytes)) === spec.sha256) {
        result[name] = bytes;
        onGraph(name, bytes, false);
        continue;
      }
      await cache?.delete(key); // damaged on disk: never serve it again
    }
    missing.push(name);
  }
  const total = missing.reduce((sum, name) => sum + manifest.graphs[name].bytes, 0);
  const got = new Map<GraphName, number>();
  const report = () => onProgress([...got.values()].reduce((a, b) => a + b, 0), total);
  if (missing.length) onProgress(0, total);
  // One after another, in the order a run needs them (the 18 kB structure graph alongside the
  // prior, then the refine graph): on a slow link the prior's session opens and the first stage
  // runs while the refine graph is still coming, where all at once they all arrived at the end.
  // Each next download starts just before the body before it is in (ASK_NEXT_BEFORE_END), before
  // that graph is checked and opened (opening a session keeps this worker busy for a while).
  const stores: Promise<void>[] = [];
  // from here to the first fetch only microtasks: a worker busy with something else (onnxruntime
  // starting up) cannot hold the requests back once startWhen settles
  await startWhen.catch(() => {});
  let gate: Promise<unknown> = Promise.resolve();
  const jobs = [...missing]
    .sort((a, b) => DOWNLOAD_ORDER.indexOf(a) - DOWNLOAD_ORDER.indexOf(b))
    .map((name) => {
      const spec = manifest.graphs[name];
      let nearEnd!: () => void;
      const almostIn = new Promise<void>((resolve) => (nearEnd = resolve));
      const body = gate.then(() =>
        download(`${baseUrl}${spec.file}`, spec.bytes, (n) => {
          got.set(name, n);
          if (n >= spec.bytes - ASK_NEXT_BEFORE_END) nearEnd();
          report();
        }),
      );
      // a tiny graph holds up nothing; a failed one lets the next start (its error is reported)
      if (spec.bytes > SMALL_GRAPH) gate = Promise.race([almostIn, body.catch(() => {})]);
      return body.then(async (bytes) => {
        const digest = await sha256Hex(bytes);
        if (digest !== spec.sha256) {
          throw new Error(`${spec.file} is corrupt or out of date (its sha256 does not match the manifest). Nothing was cached; press Retry to download it again.`);
        }
        result[name] = bytes;
        onGraph(name, bytes, true);
        // stored while the next graph downloads: nothing needs to wait for the disk
        if (cache) stores.push(pruneOldVersions(cache, baseUrl, spec.file).then(() => cache.put(cacheKey(baseUrl, spec.file, spec.sha256), new Response(bytes as Uint8Array<ArrayBuffer>))));
      });
    });
  await Promise.all(jobs);
  await Promise.all(stores);
  return result;
}

async function download(url: string, expected: number, onBytes: (n: number) => void): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-cache' });
  } catch (err) {
    throw new Error(`Could not download ${url}: ${errorText(err)}. Check the connection and press Retry.`);
  }
  // 206 is a partial body and an HTML body is an error page served with 200: neither is a model.
  if (res.status !== 200) throw new Error(`Could not download ${url} (HTTP ${res.status}). Press Retry; if it fails again, the model files are missing from this installation.`);
  if ((res.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`Could not download ${url}: the server sent a web page instead of the model file.`);
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const bytes = new Uint8Array(expected);
  let offset = 0;
  const reader = res.body.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      throw new Error(`The download of ${url} was interrupted (${errorText(err)}). Nothing was cached; press Retry to continue.`);
    }
    const { done, value } = chunk;
    if (done) break;
    if (offset + value.length > expected) throw new Error(`${url} is larger than the manifest says (${expected} bytes).`);
    bytes.set(value, offset);
    offset += value.length;
    onBytes(offset);
  }
  if (offset !== expected) throw new Error(`${url} is incomplete: ${offset} bytes of ${expected}. Nothing was cached; press Retry to download it again.`);
  return bytes;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const cacheKey = (baseUrl: string, file: string, sha: string) => `${baseUrl}${file}?sha256=${sha}`;

/** Drops cached copies of a file with another hash, so updated weights do not pile up. */
async function pruneOldVersions(cache: Cache, baseUrl: string, file: string): Promise<void> {
  for (const req of await cache.keys()) {
    if (req.url.startsWith(`${baseUrl}${file}?sha256=`)) await cache.delete(req);
  }
}

/** Cache Storage exists only in secure contexts; without it every visit downloads again. */
async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(CACHE_NAME);
  } catch {
    return undefined;
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
