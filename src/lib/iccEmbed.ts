// Embeds an ICC colour profile into JPEG and WebP bytes as browsers' canvas encoders write them
// (they never embed one). PNG has its own: withIccp in icc.ts. Pure byte work, no DOM.

const SIG = 'ICC_PROFILE\0';
/** Profile bytes per APP2 segment: 65535 minus the length field (2), the signature (12), seq and count (2). */
const JPEG_CHUNK = 65519;

/**
 * Inserts the profile as APP2 "ICC_PROFILE" segments (numbered, split when over 64 KB) after SOI and
 * any APP0 (JFIF) segment, as the ICC specification's JPEG annex asks. Existing APP2 ICC segments
 * are dropped, so there is one profile.
 */
export function jpegWithIcc(jpeg: Uint8Array, profile: Uint8Array): Uint8Array {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('jpegWithIcc: not a JPEG');
  const count = Math.ceil(profile.length / JPEG_CHUNK);
  if (count > 255) throw new Error('jpegWithIcc: profile too large');
  const segments: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const part = profile.subarray(i * JPEG_CHUNK, (i + 1) * JPEG_CHUNK);
    const seg = new Uint8Array(4 + 14 + part.length);
    const len = 2 + 14 + part.length;
    seg.set([0xff, 0xe2, len >> 8, len & 255]);
    for (let k = 0; k < 12; k++) seg[4 + k] = SIG.charCodeAt(k);
    seg[16] = i + 1;
    seg[17] = count;
    seg.set(part, 18);
    segments.push(seg);
  }
  // Walk the header segments: keep APP0 first, drop old ICC segments, insert ours after APP0.
  const head: Uint8Array[] = [jpeg.subarray(0, 2)];
  let at = 2;
  let inserted = false;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1];
    if (marker === 0xda || marker === 0xd9) break;
    const end = at + 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
    const seg = jpeg.subarray(at, end);
    if (!inserted && marker !== 0xe0) {
      head.push(...segments);
      inserted = true;
    }
    const isIcc = marker === 0xe2 && String.fromCharCode(...seg.subarray(4, 16)) === SIG;
    if (!isIcc) head.push(seg);
    at = end;
  }
  if (!inserted) head.push(...segments);
  head.push(jpeg.subarray(at));
  return concat(head);
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const u32le = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

function riffChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

/**
 * Adds an ICCP chunk to a WebP: a simple file (VP8/VP8L only) becomes an extended one (VP8X with the
 * ICC flag, the canvas size, then ICCP), an extended one gets the flag set and ICCP right after VP8X.
 */
export function webpWithIcc(webp: Uint8Array, profile: Uint8Array, width: number, height: number): Uint8Array {
  if (ascii(webp, 0, 4) !== 'RIFF' || ascii(webp, 8, 4) !== 'WEBP') throw new Error('webpWithIcc: not a WebP');
  const chunks: { type: string; bytes: Uint8Array }[] = [];
  let at = 12;
  while (at + 8 <= webp.length) {
    const size = u32le(webp, at + 4);
    const end = Math.min(webp.length, at + 8 + size + (size & 1));
    chunks.push({ type: ascii(webp, at, 4), bytes: webp.subarray(at, end) });
    at = end;
  }
  const iccp = riffChunk('ICCP', profile);
  const body: Uint8Array[] = [];
  const vp8x = chunks.find((c) => c.type === 'VP8X');
  if (vp8x) {
    const copy = vp8x.bytes.slice();
    copy[8] |= 0x20; // ICC profile flag
    body.push(copy, iccp, ...chunks.filter((c) => c.type !== 'VP8X' && c.type !== 'ICCP').map((c) => c.bytes));
  } else {
    const data = new Uint8Array(10);
    data[0] = 0x20;
    data.set([(width - 1) & 255, ((width - 1) >> 8) & 255, ((width - 1) >> 16) & 255], 4);
    data.set([(height - 1) & 255, ((height - 1) >> 8) & 255, ((height - 1) >> 16) & 255], 7);
    body.push(riffChunk('VP8X', data), iccp, ...chunks.map((c) => c.bytes));
  }
  const payload = concat(body);
  const out = new Uint8Array(12 + payload.length);
  out.set(webp.subarray(0, 12));
  new DataView(out.buffer).setUint32(4, 4 + payload.length, true);
  out.set(payload, 12);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
