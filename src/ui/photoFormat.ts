// What the download needs to keep from the original file: its format and its colour profile.
import { extractIcc } from '../lib/icc';
import { pngColourType } from '../lib/pngRgb';
import type { PhotoFormat } from '../store/imageSlice';

/** The format by the file's first bytes (its name or type may lie); PNG for anything else. */
export function sniffFormat(b: Uint8Array): PhotoFormat {
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  if (String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') return 'webp';
  return 'png';
}

export function photoFormat(bytes: Uint8Array): { format: PhotoFormat; iccProfile: Uint8Array | null; pngColourType: number | null } {
  const format = sniffFormat(bytes);
  const icc = format === 'png' ? null : extractIcc(bytes); // PNG keeps its iCCP chunk as is (Photo.icc)
  return { format, iccProfile: icc?.kind === 'raw' ? icc.profile : null, pngColourType: pngColourType(bytes) };
}
