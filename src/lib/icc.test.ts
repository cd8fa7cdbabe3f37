import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { crc32, extractIcc, iccpChunkBody, withIccp } from './icc';

const sample = new Uint8Array(readFileSync(new URL('../../public/sample/astronaut.png', import.meta.url)));
const fakeProfile = Uint8Array.from({ length: 700 }, (_, i) => (i * 31) % 251);

function tinyPng(): Uint8Array {
  const png = new PNG({ width: 3, height: 2 });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

describe('ICC profiles', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('finds the sample PNG’s iCCP chunk and copies it into a new PNG that still decodes the same', () => {
    const icc = extractIcc(sample);
    expect(icc?.kind).toBe('png-iccp');
    if (icc?.kind !== 'png-iccp') return;
    const base = tinyPng();
    const out = withIccp(base, icc.chunk);
    const again = extractIcc(out);
    expect(again).toEqual(icc);
    expect(Buffer.from(PNG.sync.read(Buffer.from(out)).data)).toEqual(Buffer.from(PNG.sync.read(Buffer.from(base)).data));
  });

  it('reads a profile split over JPEG APP2 segments, in sequence order', () => {
    const seg = (seq: number, data: Uint8Array) => {
      const head = [...'ICC_PROFILE\0'].map((c) => c.charCodeAt(0));
      const len = 2 + head.length + 2 + data.length;
      return [0xff, 0xe2, len >> 8, len & 255, ...head, seq, 2, ...data];
    };
    const jpeg = new Uint8Array([0xff, 0xd8, ...seg(2, fakeProfile.subarray(400)), ...seg(1, fakeProfile.subarray(0, 400)), 0xff, 0xda, 0, 2]);
    expect(extractIcc(jpeg)).toEqual({ kind: 'raw', profile: fakeProfile });
  });

  it('reads a WebP ICCP chunk', () => {
    const riff = (tag: string, data: Uint8Array) => [...tag].map((c) => c.charCodeAt(0)).concat([data.length & 255, (data.length >> 8) & 255, 0, 0], [...data], data.length & 1 ? [0] : []);
    const body = [...'WEBP'].map((c) => c.charCodeAt(0)).concat(riff('VP8X', new Uint8Array(10)), riff('ICCP', fakeProfile));
    const webp = new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], body));
    expect(extractIcc(webp)).toEqual({ kind: 'raw', profile: fakeProfile });
  });

  it('builds an iCCP body whose profile inflates back, and replaces conflicting colour chunks', () => {
    const body = iccpChunkBody(new Uint8Array(deflateSync(fakeProfile)));
    const out = withIccp(withIccp(tinyPng(), body), body); // a second insert replaces the first
    const icc = extractIcc(out);
    expect(icc?.kind).toBe('png-iccp');
    if (icc?.kind !== 'png-iccp') return;
    const nul = icc.chunk.indexOf(0);
    expect(new TextDecoder().decode(icc.chunk.subarray(0, nul))).toBe('ICC profile');
    expect(new Uint8Array(inflateSync(icc.chunk.subarray(nul + 2)))).toEqual(fakeProfile);
    const types = [];
    for (let at = 8; at < out.length; ) {
      const len = new DataView(out.buffer, out.byteOffset).getUint32(at);
      types.push(new TextDecoder().decode(out.subarray(at + 4, at + 8)));
      at += 12 + len;
    }
    expect(types.filter((t) => t === 'iCCP')).toHaveLength(1);
    expect(types[1]).toBe('iCCP');
  });

  it('returns null for bytes without a profile', () => {
    expect(extractIcc(tinyPng())).toBeNull();
    expect(extractIcc(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});
