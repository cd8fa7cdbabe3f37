import { describe, expect, it } from 'vitest';
import { extractIcc } from './icc';
import { jpegWithIcc, webpWithIcc } from './iccEmbed';

const profile = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
// A minimal JPEG header: SOI, APP0 "JFIF", DQT stub, SOS stub, EOI.
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 6, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xdb, 0, 3, 1, 0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]);
const riff = (chunks: [string, number[]][]) => {
  const body = chunks.flatMap(([t, d]) => [...Array.from(t, (c) => c.charCodeAt(0)), d.length & 255, d.length >> 8, 0, 0, ...d, ...(d.length & 1 ? [0] : [])]);
  const n = 4 + body.length;
  return Uint8Array.from([...Array.from('RIFF', (c) => c.charCodeAt(0)), n & 255, (n >> 8) & 255, 0, 0, ...Array.from('WEBP', (c) => c.charCodeAt(0)), ...body]);
};

describe('ICC embedding', () => {
  it('puts a profile into a JPEG after APP0, split into numbered 64 KB segments, and reads back', () => {
    for (const n of [3000, 150_000]) {
      const p = profile(n);
      const out = jpegWithIcc(jpeg, p);
      expect(out[2]).toBe(0xff);
      expect(out[3]).toBe(0xe0); // JFIF stays first
      expect(extractIcc(out)).toEqual({ kind: 'raw', profile: p });
      expect(Array.from(out.subarray(out.length - 13))).toEqual(Array.from(jpeg.subarray(jpeg.length - 13))); // DQT, scan, EOI intact
      // Embedding twice keeps one profile.
      expect(extractIcc(jpegWithIcc(out, profile(10)))).toEqual({ kind: 'raw', profile: profile(10) });
    }
  });

  it('turns a simple WebP into an extended one with VP8X + ICCP, and flags an extended one', () => {
    const simple = riff([['VP8 ', [1, 2, 3]]]);
    const out = webpWithIcc(simple, profile(501), 640, 480);
    expect(String.fromCharCode(...out.subarray(12, 16))).toBe('VP8X');
    expect(out[20] & 0x20).toBe(0x20);
    expect(out[24] | (out[25] << 8)).toBe(639);
    expect(out[27] | (out[28] << 8)).toBe(479);
    expect(extractIcc(out)).toEqual({ kind: 'raw', profile: profile(501) });
    const riffSize = out[4] | (out[5] << 8) | (out[6] << 16);
    expect(riffSize + 8).toBe(out.length);
    const extended = riff([['VP8X', [0x10, 0, 0, 0, 1, 0, 0, 1, 0, 0]], ['ALPH', [9]], ['VP8 ', [1, 2]]]);
    const out2 = webpWithIcc(extended, profile(8), 2, 2);
    expect(out2[20]).toBe(0x30);
    expect(extractIcc(out2)).toEqual({ kind: 'raw', profile: profile(8) });
    expect(String.fromCharCode(...out2.subarray(30, 34))).toBe('ICCP');
  });
});
