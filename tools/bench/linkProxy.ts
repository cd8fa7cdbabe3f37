// A counting, throttling HTTP proxy in front of `vite preview`: every byte the browser receives
// (page, workers, service worker alike) crosses it, so it can say what a first visit costs per
// file, and shape the link as a phone's network would (one shared downlink of `mbit` Mbit/s, and
// `latencyMs` before each response starts). CDP's network emulation would miss the workers.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface Transfer {
  path: string;
  status: number;
  encoding: string;
  /** Body bytes as sent on the wire (compressed when the server compressed). */
  bytes: number;
  /** ms since the proxy started: the request arrived, its last byte went out. */
  requestedMs: number;
  doneMs: number;
}

export interface LinkProxy {
  origin: string;
  transfers: Transfer[];
  reset(): void;
  close(): Promise<void>;
}

export async function startLinkProxy(upstream: string, port: number, link?: { mbit: number; latencyMs: number }): Promise<LinkProxy> {
  const transfers: Transfer[] = [];
  let epoch = performance.now();
  const bytesPerMs = link ? (link.mbit * 1e6) / 8 / 1000 : Infinity;
  let linkFreeAt = 0; // the shared downlink: chunks of all responses queue for it
  // A slice goes on the link when the link is free and the slice is ready (its bytes are in and the
  // slice before it, of the same response, is through), whichever is later; the proxy then waits
  // until its last bit would be through. Not from the moment the proxy's timer fired: on two busy
  // cores those fire late, and a real link keeps sending from its buffers meanwhile (scheduling from
  // the timer's own moment carried 7.4 Mbit/s, not 10, through the runtime's download).
  const send = async (chunk: Buffer, readyAt: number) => {
    if (!link) return readyAt;
    const start = Math.max(readyAt, linkFreeAt);
    linkFreeAt = start + chunk.length / bytesPerMs;
    const through = linkFreeAt;
    const wait = through - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    return through;
  };
  const up = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const out = request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } },
      async (upRes: IncomingMessage) => {
        const t: Transfer = {
          path: (req.url ?? '').split('?')[0], status: upRes.statusCode ?? 0, encoding: String(upRes.headers['content-encoding'] ?? ''), bytes: 0,
          requestedMs: started - epoch, doneMs: 0,
        };
        transfers.push(t);
        if (link) await new Promise((r) => setTimeout(r, Math.max(0, link.latencyMs - (performance.now() - started))));
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        // chunks go out in order, each after its turn on the link; the end after the last of them.
        // The upstream is read without pausing (the files are a few MB), so a chunk's bytes are in
        // when it arrives, not when the proxy got round to asking for it.
        let queue = Promise.resolve();
        let previousThrough = started + (link?.latencyMs ?? 0);
        upRes.on('data', (chunk: Buffer) => {
          const arrived = performance.now();
          queue = queue.then(async () => {
            // 16 kB slices, so one big file does not hold the link in one piece
            for (let i = 0; i < chunk.length; i += 16384) {
              const part = chunk.subarray(i, i + 16384);
              previousThrough = await send(part, Math.max(arrived, previousThrough));
              t.bytes += part.length;
              res.write(part);
            }
          });
        });
        upRes.on('end', () => void queue.then(() => {
          t.doneMs = performance.now() - epoch;
          res.end();
        }));
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return {
    origin: `http://localhost:${port}`,
    transfers,
    reset: () => {
      transfers.length = 0;
      epoch = performance.now();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Bytes per file (summed over requests; `requests` > 1 means it crossed the link more than once). */
export function perFile(transfers: Transfer[]) {
  const files = new Map<string, { path: string; bytes: number; requests: number; encoding: string }>();
  for (const t of transfers) {
    const f = files.get(t.path) ?? { path: t.path, bytes: 0, requests: 0, encoding: t.encoding };
    f.bytes += t.bytes;
    if (t.status === 200) f.requests++;
    files.set(t.path, f);
  }
  return [...files.values()].sort((a, b) => b.bytes - a.bytes);
}
