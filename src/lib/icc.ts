// Colour profiles survive the round trip: the photo is decoded without colour conversion (so its
// pixel values stay as stored) and the restored PNG gets the original's ICC profile back, so it
// looks the same as the original in any colour-managed viewer. Pure byte work, no DOM.

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const u32le = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

export type IccSource =
  /** A PNG's iCCP chunk body, ready to copy as is (name, method, zlib-compressed profile). */
  | { kind: 'png-iccp'; chunk: Uint8Array }
  /** An uncompressed ICC profile (from JPEG APP2 segments or a WebP ICCP chunk). */
  | { kind: 'raw'; profile: Uint8Array };

export const isPng = (b: Uint8Array) => b.length > 8 && PNG_SIGNATURE.every((v, i) => b[i] === v);

interface PngChunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  dataStart: number;
  length: number;
}

function pngChunks(png: Uint8Array): PngChunk[] {
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const length = u32be(png, at);
    const type = ascii(png, at + 4, 4);
    if (at + 12 + length > png.length) break;
    chunks.push({ type, start: at, dataStart: at + 8, length });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

/** Finds an embedded ICC profile in PNG, JPEG or WebP bytes; null when there is none. */
export function extractIcc(bytes: Uint8Array): IccSource | null {
  if (isPng(bytes)) {
    const c = pngChunks(bytes).find((ch) => ch.type === 'iCCP');
    return c ? { kind: 'png-iccp', chunk: bytes.slice(c.dataStart, c.dataStart + c.length) } : null;
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegIcc(bytes);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return webpIcc(bytes);
  return null;
}

/** JPEG keeps the profile in APP2 "ICC_PROFILE" segments, numbered, possibly several. */
function jpegIcc(b: Uint8Array): IccSource | null {
  const parts: { seq: number; data: Uint8Array }[] = [];
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1];
    if (marker === 0xda || marker === 0xd9) break; // start of scan / end: no more headers
    const length = (b[at + 2] << 8) | b[at + 3];
    if (marker === 0xe2 && length > 16 && ascii(b, at + 4, 12) === 'ICC_PROFILE\0') {
      parts.push({ seq: b[at + 16], data: b.subarray(at + 18, at + 2 + length) });
    }
    at += 2 + length;
  }
  if (!parts.length) return null;
  parts.sort((p, q) => p.seq - q.seq);
  const profile = new Uint8Array(parts.reduce((n, p) => n + p.data.length, 0));
  let off = 0;
  for (const p of parts) {
    profile.set(p.data, off);
    off += p.data.length;
  }
  return { kind: 'raw', profile };
}

function webpIcc(b: Uint8Array): IccSource | null {
  let at = 12;
  while (at + 8 <= b.length) {
    const size = u32le(b, at + 4);
    if (ascii(b, at, 4) === 'ICCP') return { kind: 'raw', profile: b.slice(at + 8, at + 8 + size) };
    at += 8 + size + (size & 1);
  }
  return null;
}

/** iCCP chunk body from a zlib-compressed profile: name "ICC profile", NUL, method 0, data. */
export function iccpChunkBody(zlibProfile: Uint8Array): Uint8Array {
  const name = Array.from('ICC profile', (c) => c.charCodeAt(0));
  const body = new Uint8Array(name.length + 2 + zlibProfile.length);
  body.set(name, 0);
  body.set(zlibProfile, name.length + 2); // name's NUL terminator and method 0 are the zeros between
  return body;
}

/**
 * Inserts an iCCP chunk right after IHDR, dropping colour chunks that would contradict it
 * (sRGB, gAMA, cHRM, an older iCCP): PNG readers must prefer one colour description.
 */
export function withIccp(png: Uint8Array, body: Uint8Array): Uint8Array {
  if (!isPng(png)) throw new Error('withIccp: not a PNG');
  const chunks = pngChunks(png);
  const drop = new Set(['sRGB', 'gAMA', 'cHRM', 'iCCP']);
  const kept = chunks.filter((c) => !drop.has(c.type));
  const iccp = makeChunk('iCCP', body);
  const out = new Uint8Array(8 + iccp.length + kept.reduce((n, c) => n + 12 + c.length, 0));
  out.set(PNG_SIGNATURE, 0);
  let at = 8;
  for (const c of kept) {
    out.set(png.subarray(c.start, c.start + 12 + c.length), at);
    at += 12 + c.length;
    if (c.type === 'IHDR') {
      out.set(iccp, at);
      at += iccp.length;
    }
  }
  return out;
}

export function makeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | null = null;
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
