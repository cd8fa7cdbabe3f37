import { withIccp } from '../lib/icc';
import { useAppStore } from '../store';
import type { RestoredPhoto } from '../store/inferenceSlice';

/**
 * Encodes the restored photo as PNG at full resolution, with the original's colour profile, and
 * saves it as `<name>-restored.png`.
 */
export async function downloadRestored(restored: RestoredPhoto, baseName: string, icc: Uint8Array | null): Promise<void> {
  const canvas = new OffscreenCanvas(restored.width, restored.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser could not give a canvas to encode the PNG.');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(restored.pixels), restored.width, restored.height), 0, 0);
  let blob = await canvas.convertToBlob({ type: 'image/png' });
  if (icc) blob = new Blob([withIccp(new Uint8Array(await blob.arrayBuffer()), icc) as Uint8Array<ArrayBuffer>], { type: 'image/png' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${baseName}-restored.png`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the current result, if any (button and Ctrl/Cmd+S); a failure becomes a notice. */
export async function downloadCurrent(): Promise<void> {
  const { photo, restored, setNotice } = useAppStore.getState();
  if (!photo || !restored) return;
  try {
    await downloadRestored(restored, photo.baseName, photo.icc);
  } catch (e) {
    setNotice(e instanceof Error ? e.message : String(e));
  }
}
