// A PNG encoder for opaque RGB (colour type 2, 8 bits), so an RGB PNG downloads as RGB: browsers'
// canvas encoders always write RGBA, a quarter more bytes for an alpha channel that is all 255
// (a 172 kB photo came back as 283 kB). Rows are filtered the usual way (each row takes the filter,
// of the five, with the smallest sum of absolute values) and deflated by the browser's
// CompressionStream ('deflate' is the zlib stream PNG wants).
import { makeChunk } from './icc';

const SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/** The colour type in a PNG's IHDR (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA); null if not a PNG. */
export function pngColourType(bytes: Uint8Array): number | null {
  if (bytes.length < 26 || !SIGNATURE.every((b, i) => bytes[i] === b)) return null;
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  return bytes[25];
}

/** True when every pixel of RGBA bytes is fully opaque. */
export function isOpaque(rgba: Uint8Array | Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filtered scanlines of the RGB image: per row a filter byte and the filtered bytes. */
export function filteredRows(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  const stride = width * 3;
  const out = new Uint8Array(height * (stride + 1));
  let prev = new Uint8Array(stride);
  let cur = new Uint8Array(stride);
  const trial = Array.from({ length: 5 }, () => new Uint8Array(stride));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      cur[x * 3] = rgba[p];
      cur[x * 3 + 1] = rgba[p + 1];
      cur[x * 3 + 2] = rgba[p + 2];
    }
    let best = 0, bestSum = Infinity;
    for (let f = 0; f < 5; f++) {
      const t = trial[f];
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= 3 ? cur[i - 3] : 0, b = prev[i], c = i >= 3 ? prev[i - 3] : 0;
        const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (cur[i] - pred) & 255;
        t[i] = v;
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) {
        bestSum = sum;
        best = f;
      }
    }
    const at = y * (stride + 1);
    out[at] = best;
    out.set(trial[best], at + 1);
    [prev, cur] = [cur, prev];
  }
  return out;
}

/** An RGB PNG of opaque RGBA bytes, with an iCCP chunk (its body) when given. */
export async function encodeRgbPng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, iccp: Uint8Array | null = null): Promise<Uint8Array> {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, adaptive filtering, no interlace
  const raw = filteredRows(rgba, width, height);
  const zipped = new Uint8Array(await new Response(new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
  const chunks = [makeChunk('IHDR', ihdr), ...(iccp ? [makeChunk('iCCP', iccp)] : []), makeChunk('IDAT', zipped), makeChunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set(SIGNATURE, 0);
  let at = 8;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
