import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from './imageHeader';

function png(w: number, h: number): Uint8Array {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'ascii');
  ihdr.writeUInt32BE(w, 8);
  ihdr.writeUInt32BE(h, 12);
  ihdr[16] = 8;
  ihdr[17] = 2;
  const idat = deflateSync(Buffer.alloc(h * (1 + 3 * w)));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(idat.length);
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), ihdr, len, Buffer.from('IDAT'), idat, Buffer.alloc(4), iend]);
}

/** SOI, an APP1 holding a fake thumbnail with its own EOI, SOF0 (w x h), SOS, data, EOI. */
function jpeg(w: number, h: number, withEnd = true): Uint8Array {
  const app1 = [0xff, 0xe1, 0, 6, 0xff, 0xd8, 0xff, 0xd9];
  const sof = [0xff, 0xc0, 0, 11, 8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0];
  const sos = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xff, 0x00, 0x56];
  return Uint8Array.from([0xff, 0xd8, ...app1, ...sof, ...sos, ...(withEnd ? [0xff, 0xd9] : [])]);
}

describe('readImageHeader', () => {
  it('reads PNG size and sees a missing IEND', () => {
    const full = png(300, 200);
    expect(readImageHeader(full)).toEqual({ kind: 'png', width: 300, height: 200, complete: true });
    expect(readImageHeader(full.subarray(0, full.length - 20)).complete).toBe(false);
  });
  it('reads JPEG size from the frame header; a thumbnail EOI in APP1 does not make a cut file complete', () => {
    expect(readImageHeader(jpeg(640, 480))).toEqual({ kind: 'jpeg', width: 640, height: 480, complete: true });
    expect(readImageHeader(jpeg(640, 480, false))).toMatchObject({ kind: 'jpeg', complete: false });
  });
  it('knows a PDF or text is no image, and reads WebP lossless size', () => {
    expect(readImageHeader(new TextEncoder().encode('%PDF-1.7 ...')).kind).toBe('unknown');
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'ascii');
    webp.writeUInt32LE(22, 4);
    webp.write('WEBPVP8L', 8, 'ascii');
    webp.writeUInt32LE((99 & 0x3fff) | ((49 & 0x3fff) << 14), 21);
    expect(readImageHeader(webp)).toEqual({ kind: 'webp', width: 100, height: 50, complete: true });
    expect(readImageHeader(webp.subarray(0, 26)).complete).toBe(false);
  });
  it('tells HEIC (an iPhone photo) from AVIF, both ISO-BMFF files', () => {
    const box = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}`), Buffer.alloc(16)]);
    expect(readImageHeader(box('heic')).kind).toBe('heic');
    expect(readImageHeader(box('mif1')).kind).toBe('heic');
    expect(readImageHeader(box('avif')).kind).toBe('avif');
  });
});
