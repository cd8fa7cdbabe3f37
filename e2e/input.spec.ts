// Bringing a photo in: EXIF orientation, paste and drop, with images the test generates itself.
import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { makeJpeg } from './fixtures/images';

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

test('actions that cannot do anything say why: text pasted, two files dropped, Ctrl+S before a restore', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'https://example.com/photo.jpg');
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
  });
  await expect(page.getByTestId('notice')).toContainText('The clipboard holds no image');
  const jpeg = Array.from(await makeJpeg(page, 80, 50));
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'first.jpg', { type: 'image/jpeg' }));
    dt.items.add(new File([new Uint8Array(bytes)], 'second.jpg', { type: 'image/jpeg' }));
    document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, jpeg);
  await expect(page.getByTestId('photo-meta')).toContainText('first');
  await expect(page.getByTestId('notice')).toContainText('2 files were dropped');
  await expect(page.getByTestId('notice')).toContainText('"first.jpg"');
  await page.getByTestId('editor').focus();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('notice')).toContainText('Nothing to save yet');
});
