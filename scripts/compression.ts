// Compressed delivery of the big binary files (onnxruntime's .wasm, the graphs, the face
// detector's weights) and everything else the build emits. `vite build` writes a brotli (.br) and
// a gzip (.gz) copy next to each file; `vite preview` serves those with Content-Encoding, as a
// static host with precompressed files does (nginx: gzip_static / brotli_static; see README).
// `vite` (dev) gzips the public folder's binaries on the fly, once per file. Vite's own on-the-fly
// compression covers only text types, so the 14-27 MB .wasm used to travel uncompressed.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Connect, Plugin } from 'vite';

const TYPES: Record<string, string> = {
  wasm: 'application/wasm',
  onnx: 'application/octet-stream',
  bin: 'application/octet-stream',
  mjs: 'text/javascript',
  js: 'text/javascript',
  css: 'text/css',
  html: 'text/html',
  json: 'application/json',
  svg: 'image/svg+xml',
  webmanifest: 'application/manifest+json',
};
const EXT = /\.([a-z]+)$/;
/** Smaller files are not worth a second request's worth of bookkeeping. */
const MIN_BYTES = 1024;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const typeOf = (path: string) => TYPES[EXT.exec(path)?.[1] ?? ''];

/**
 * Brotli at its best setting takes about 40 s for the 14 MB runtime on two cores, so results are
 * kept by content hash in node_modules/.cache: a rebuild with the same files costs nothing.
 */
async function compressCached(bytes: Buffer, cacheDir: string): Promise<{ br: Buffer; gz: Buffer }> {
  const key = createHash('sha256').update(bytes).digest('hex');
  const brFile = join(cacheDir, `${key}.br`);
  const gzFile = join(cacheDir, `${key}.gz`);
  if (existsSync(brFile) && existsSync(gzFile)) return { br: readFileSync(brFile), gz: readFileSync(gzFile) };
  const [b, g] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: bytes.length > 16e6 ? 10 : 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gz(bytes, { level: 9 }),
  ]);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(brFile, b);
  writeFileSync(gzFile, g);
  return { br: b, gz: g };
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Writes file.br and file.gz beside every compressible file of the build, when smaller. */
export async function precompressDir(dir: string, cacheDir: string): Promise<{ file: string; bytes: number; br: number; gz: number }[]> {
  const report = [];
  for (const file of [...filesUnder(dir)]) {
    if (!typeOf(file)) continue;
    const bytes = readFileSync(file);
    if (bytes.length < MIN_BYTES) continue;
    const c = await compressCached(bytes, cacheDir);
    if (c.br.length < bytes.length) writeFileSync(`${file}.br`, c.br);
    if (c.gz.length < bytes.length) writeFileSync(`${file}.gz`, c.gz);
    report.push({ file: relative(dir, file), bytes: bytes.length, br: c.br.length, gz: c.gz.length });
  }
  return report;
}

/**
 * Paths whose content never changes under the same URL: Vite's hashed assets and onnxruntime's files
 * under its version (scripts/copy-ort.mjs). Served `immutable`, so a reload takes them from the HTTP
 * cache without asking, and precached without a revision (vite.config.ts), so the service worker
 * takes them from there too. The graphs keep their names across models, so they are revalidated
 * (the model cache checks their sha256 anyway). The leading slash is optional: Workbox matches
 * paths relative to the build folder.
 */
export const IMMUTABLE_PATH = /^\/?(assets|ort\/[^/]+)\//;

/** etag: lets a revalidation (the service worker's precache, `cache: 'no-cache'` fetches) end in a 304. */
type Found = { encoding: 'br' | 'gzip'; size: number; etag: string; open: () => NodeJS.ReadableStream | Buffer };

/** A middleware answering GET for compressible paths with what `find` returns; anything else falls through. */
function serveCompressed(find: (path: string, accepts: (e: string) => boolean) => Promise<Found | null>, headers: Record<string, string>): Connect.NextHandleFunction {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return next();
    }
    const type = typeOf(path);
    if (!type || path.split('/').includes('..')) return next();
    const accept = String(req.headers['accept-encoding'] ?? '');
    const accepts = (e: string) => new RegExp(`\\b${e}\\b`).test(accept);
    find(path, accepts)
      .then((found) => {
        if (!found) return next();
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
        res.setHeader('Content-Type', type);
        res.setHeader('Content-Encoding', found.encoding);
        res.setHeader('Content-Length', String(found.size));
        res.setHeader('Vary', 'Accept-Encoding');
        res.setHeader('Cache-Control', IMMUTABLE_PATH.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('ETag', found.etag);
        if (req.headers['if-none-match'] === found.etag) {
          res.statusCode = 304;
          return res.end();
        }
        res.statusCode = 200;
        if (req.method === 'HEAD') return res.end();
        const body = found.open();
        if (Buffer.isBuffer(body)) res.end(body);
        else body.pipe(res);
      })
      .catch(next);
  };
}

/**
 * The plugin. `headers`: what the server adds to every response (COOP/COEP, CSP), which the
 * responses served here must carry too: a worker script without COEP is not cross-origin isolated.
 */
export function compression(headers: { dev: Record<string, string>; preview: Record<string, string> }): Plugin {
  let outDir = 'dist';
  let publicDir = 'public';
  let cacheDir = 'node_modules/.cache/mend-precompress';
  return {
    name: 'mend-compression',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      publicDir = config.publicDir;
      cacheDir = resolve(config.root, 'node_modules/.cache/mend-precompress');
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        if (!existsSync(outDir)) return;
        const report = await precompressDir(outDir, cacheDir);
        const big = report.filter((r) => r.bytes > 1e6);
        for (const r of big) console.log(`compression: ${r.file} ${(r.bytes / 1e6).toFixed(2)} MB -> br ${(r.br / 1e6).toFixed(2)} MB, gzip ${(r.gz / 1e6).toFixed(2)} MB`);
      },
    },
    configurePreviewServer(server) {
      server.middlewares.use(
        serveCompressed(async (path, accepts) => {
          const file = join(outDir, path);
          if (!file.startsWith(outDir + sep)) return null;
          for (const [ext, encoding] of [['br', 'br'], ['gz', 'gzip']] as const) {
            if (!accepts(encoding) || !existsSync(`${file}.${ext}`)) continue;
            const { size, mtimeMs } = statSync(`${file}.${ext}`);
            return { encoding, size, etag: `W/"${ext}-${size}-${Math.round(mtimeMs)}"`, open: () => createReadStream(`${file}.${ext}`) };
          }
          return null;
        }, headers.preview),
      );
    },
    configureServer(server) {
      // Dev: only the public folder's binaries (Vite serves and compresses the modules itself).
      const memo = new Map<string, { mtimeMs: number; body: Buffer }>();
      server.middlewares.use(
        serveCompressed(async (path, accepts) => {
          if (!/\.(wasm|onnx|bin)$/.test(path) || !accepts('gzip')) return null;
          const file = join(publicDir, path);
          if (!file.startsWith(publicDir + sep) || !existsSync(file)) return null;
          const { mtimeMs } = statSync(file);
          let hit = memo.get(file);
          if (!hit || hit.mtimeMs !== mtimeMs) {
            hit = { mtimeMs, body: await gz(readFileSync(file), { level: 6 }) };
            memo.set(file, hit);
          }
          const body = hit.body;
          return { encoding: 'gzip', size: body.length, etag: `W/"gz-${body.length}-${Math.round(mtimeMs)}"`, open: () => body };
        }, headers.dev),
      );
    },
  };
}
