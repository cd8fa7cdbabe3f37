// Bringing a photo in: EXIF orientation, paste and drop, with images the test generates itself.
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './fixtures/app';

/** A W x H gradient JPEG made in the page; with `orientation`, an EXIF APP1 segment says so. */
async function makeJpeg(page: Page, w: number, h: number, orientation?: number): Promise<Buffer> {
  const bytes = await page.evaluate(
    async ({ w, h }) => {
      const c = new OffscreenCanvas(w, h);
      const ctx = c.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, w, h);
      g.addColorStop(0, '#204080');
      g.addColorStop(1, '#f0c070');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(4, 4, w / 4, h / 4); // a marker in the top-left corner
      const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    },
    { w, h },
  );
  if (!orientation) return Buffer.from(bytes);
  // APP1: "Exif\0\0", big-endian TIFF header, IFD0 with one entry: Orientation (0x0112), SHORT.
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const app1 = [0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255, ...exif];
  return Buffer.from([...bytes.slice(0, 2), ...app1, ...bytes.slice(2)]);
}

test('EXIF orientation is applied: a 60x40 JPEG tagged "rotate 90°" opens as 40x60', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.uploadBytes('rotated.jpg', 'image/jpeg', await makeJpeg(page, 60, 40, 6));
  await expect(page.getByTestId('photo-meta')).toContainText('40×60');
  await expect(page.getByTestId('photo-meta')).toContainText('crop 40×40');
  await app.uploadBytes('upright.jpg', 'image/jpeg', await makeJpeg(page, 60, 40));
  await expect(page.getByTestId('photo-meta')).toContainText('60×40');
});

test('a photo can be pasted or dropped onto the page', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  const jpeg = Array.from(await makeJpeg(page, 80, 50));
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'pasted.jpg', { type: 'image/jpeg' }));
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
  }, jpeg);
  await expect(page.getByTestId('photo-meta')).toContainText('pasted');
  await expect(page.getByTestId('photo-meta')).toContainText('80×50');
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'dropped.jpg', { type: 'image/jpeg' }));
    document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, jpeg);
  await expect(page.getByTestId('photo-meta')).toContainText('dropped');
});
