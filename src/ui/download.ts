// Saving the result the way the photo came in: same format (JPEG at high quality, PNG, WebP), same
// orientation (the pixels are already upright and no EXIF tag is written to turn them again), and
// the original's ICC profile embedded. Also copy to the clipboard and the system share sheet.
import { pickSettled } from '../engine/imagine';
import { stageSettled } from '../engine/stagePick';
import { withIccp } from '../lib/icc';
import { jpegWithIcc, webpWithIcc } from '../lib/iccEmbed';
import { encodeRgbPng, isOpaque } from '../lib/pngRgb';
import { useAppStore } from '../store';
import type { Photo } from '../store/imageSlice';
import type { RestoredPhoto } from '../store/inferenceSlice';

/** Lossy formats re-encode the whole photo: 0.95 keeps that generation loss below what eyes see. */
export const LOSSY_QUALITY = 0.95;
const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
const EXT = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

export const restoredFileName = (photo: Photo) => `${photo.baseName}-restored.${EXT[photo.format ?? 'png']}`;

async function encode(restored: RestoredPhoto, type: string, quality?: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(restored.width, restored.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser could not give a canvas to encode the photo.');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(restored.pixels), restored.width, restored.height), 0, 0);
  return canvas.convertToBlob({ type, quality });
}

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const blobOf = (b: Uint8Array, type: string) => new Blob([b as Uint8Array<ArrayBuffer>], { type });

/** The restored photo as a file in the original's format, with its colour profile. */
export async function encodeRestored(restored: RestoredPhoto, photo: Photo): Promise<Blob> {
  const format = photo.format ?? 'png';
  const type = MIME[format];
  // An RGB (or grey) PNG without transparency comes back as RGB: the canvas would write RGBA.
  if (format === 'png' && (photo.pngColourType === 2 || photo.pngColourType === 0) && isOpaque(restored.pixels)) {
    return blobOf(await encodeRgbPng(restored.pixels, restored.width, restored.height, photo.icc), type);
  }
  const blob = await encode(restored, type, format === 'png' ? undefined : LOSSY_QUALITY);
  if (blob.type !== type) return blob; // the browser cannot write this format: it gave PNG
  if (format === 'png') return photo.icc ? blobOf(withIccp(await bytesOf(blob), photo.icc), type) : blob;
  if (!photo.iccProfile) return blob;
  const bytes = await bytesOf(blob);
  return blobOf(format === 'jpeg' ? jpegWithIcc(bytes, photo.iccProfile) : webpWithIcc(bytes, photo.iccProfile, restored.width, restored.height), type);
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves the restored photo at full resolution as `<name>-restored.<same extension>`. */
export async function downloadRestored(restored: RestoredPhoto, photo: Photo): Promise<void> {
  const blob = await encodeRestored(restored, photo);
  const ext = blob.type === 'image/png' ? 'png' : EXT[photo.format ?? 'png'];
  save(blob, `${photo.baseName}-restored.${ext}`);
}

/** Browsers' clipboards take PNG only; the colour profile travels in it. */
export async function copyRestored(restored: RestoredPhoto, photo: Photo): Promise<void> {
  if (!navigator.clipboard?.write || typeof ClipboardItem === 'undefined') throw new Error('This browser cannot copy images to the clipboard. Use Download instead.');
  const png = await encodeRestored(restored, { ...photo, format: 'png' });
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
}

/** The share sheet (phones, some desktops), when the browser can share files. */
export function canShareFiles(): boolean {
  try {
    return typeof navigator.share === 'function' && !!navigator.canShare?.({ files: [new File([new Uint8Array(1)], 'x.png', { type: 'image/png' })] });
  } catch {
    return false;
  }
}

export async function shareRestored(restored: RestoredPhoto, photo: Photo): Promise<void> {
  const blob = await encodeRestored(restored, photo);
  const file = new File([blob], restoredFileName(photo), { type: blob.type });
  try {
    await navigator.share({ files: [file], title: restoredFileName(photo) });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return; // the person closed the sheet
    throw e;
  }
}

/** Runs a result action on the current result (buttons and Ctrl/Cmd+S); a failure becomes a notice. */
async function withCurrent(action: (r: RestoredPhoto, p: Photo) => Promise<void>): Promise<boolean> {
  // a variant or a stage just picked: its full-size paste-back first
  await Promise.all([pickSettled(), stageSettled()]);
  const { photo, restored, setNotice } = useAppStore.getState();
  if (!photo || !restored) {
    // Ctrl/Cmd+S before anything was restored: say why nothing happens.
    setNotice(photo ? 'Nothing to save yet: paint over the damage and press Restore first.' : 'Nothing to save yet: open a photo first.');
    return false;
  }
  try {
    await action(restored, photo);
    return true;
  } catch (e) {
    setNotice(e instanceof Error ? e.message : String(e));
    return false;
  }
}

export const downloadCurrent = () => withCurrent(downloadRestored);
export const copyCurrent = () => withCurrent(copyRestored);
export const shareCurrent = () => withCurrent(shareRestored);
