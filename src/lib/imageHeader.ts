// Reads what a photo file is from its first and last bytes, before any decoding: the format, the
// pixel size and whether the file ends where the format says it must. Lets the app refuse an
// empty, truncated or oversized file with a clear reason instead of decoding hundreds of MB first.

/** heic: recognised only to say that browsers cannot decode it (Safari aside); never decoded here. */
export type ImageKind = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'avif' | 'heic' | 'unknown';

export interface ImageHeader {
  kind: ImageKind;
  /** Stored size (before EXIF rotation); absent when the header does not say or was not found. */
  width?: number;
  height?: number;
  /** False when the file visibly ends early (no JPEG EOI after the scan, no PNG IEND, short RIFF). */
  complete: boolean;
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const be16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const be32 = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const le16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const le24 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const le32 = (b: Uint8Array, at: number) => (le24(b, at) | (b[at + 3] << 24)) >>> 0;

export function readImageHeader(b: Uint8Array): ImageHeader {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpeg(b);
  if (b.length >= 8 && ascii(b, 1, 3) === 'PNG' && b[0] === 0x89) return png(b);
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webp(b);
  if (b.length >= 6 && ascii(b, 0, 4) === 'GIF8') return { kind: 'gif', width: le16(b, 6), height: le16(b, 8), complete: true };
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') return { kind: 'bmp', width: le32(b, 18), height: Math.abs(le32(b, 22) | 0), complete: true };
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && /avi[fs]/.test(ascii(b, 8, 4))) return { kind: 'avif', complete: true };
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && /hei[cx]|hev[cx]|heim|heis|mif1|msf1/.test(ascii(b, 8, 4))) return { kind: 'heic', complete: true };
  return { kind: 'unknown', complete: true };
}

function png(b: Uint8Array): ImageHeader {
  const hasIhdr = b.length >= 24 && ascii(b, 12, 4) === 'IHDR';
  // IEND is the last chunk: its type sits 8 bytes before the end (then the CRC).
  const tail = ascii(b, Math.max(0, b.length - 64), 64);
  return { kind: 'png', width: hasIhdr ? be32(b, 16) : undefined, height: hasIhdr ? be32(b, 20) : undefined, complete: hasIhdr && tail.includes('IEND') };
}

function jpeg(b: Uint8Array): ImageHeader {
  // Walk the marker segments (skipping APPn, so an EXIF thumbnail's own markers do not count)
  // to the frame header (size) and the first scan; the image is complete if an EOI follows it.
  let at = 2;
  let width: number | undefined;
  let height: number | undefined;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) break;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    const len = be16(b, at + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && at + 9 <= b.length) {
      height = be16(b, at + 5);
      width = be16(b, at + 7);
    }
    if (marker === 0xda) {
      for (let i = b.length - 2; i > at; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return { kind: 'jpeg', width, height, complete: true };
      return { kind: 'jpeg', width, height, complete: false };
    }
    at += 2 + len;
  }
  return { kind: 'jpeg', width, height, complete: false };
}

function webp(b: Uint8Array): ImageHeader {
  const complete = b.length >= le32(b, 4) + 8;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) return { kind: 'webp', width: le24(b, 24) + 1, height: le24(b, 27) + 1, complete };
  if (chunk === 'VP8 ' && b.length >= 30) return { kind: 'webp', width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff, complete };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = le32(b, 21);
    return { kind: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, complete };
  }
  return { kind: 'webp', complete };
}
