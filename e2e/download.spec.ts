// Faithful download: a JPEG stays JPEG (upright, its ICC profile embedded), a WebP stays WebP, and
// the result can be copied to the clipboard or handed to the share sheet. Photos are made here.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { extractIcc } from '../src/lib/icc';
import { jpegWithIcc, webpWithIcc } from '../src/lib/iccEmbed';
import { AppPage, expectRestored, SAMPLE_PATH, SHOTS } from './fixtures/app';

/** A real ICC profile: the sample portrait's, inflated from its iCCP chunk. */
function sampleProfile(): Uint8Array {
  const icc = extractIcc(new Uint8Array(readFileSync(SAMPLE_PATH)));
  if (icc?.kind !== 'png-iccp') throw new Error('the sample has no iCCP chunk');
  const nul = icc.chunk.indexOf(0);
  return new Uint8Array(inflateSync(icc.chunk.subarray(nul + 2)));
}

/** A w x h gradient with a white square in the stored top-left corner, encoded in the page. */
async function makeImage(page: Page, type: string, w: number, h: number): Promise<Uint8Array> {
  const bytes = await page.evaluate(
    async ({ type, w, h }) => {
      const c = new OffscreenCanvas(w, h);
      const ctx = c.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, w, h);
      g.addColorStop(0, '#305090');
      g.addColorStop(1, '#e0a060');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, 16, 16);
      const blob = await c.convertToBlob({ type, quality: 0.95 });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    },
    { type, w, h },
  );
  return Uint8Array.from(bytes);
}

/** EXIF APP1 with Orientation = `o`, inserted after SOI. */
function withOrientation(jpeg: Uint8Array, o: number): Buffer {
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0, 0, 0, 0, 0];
  const app1 = [0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255, ...exif];
  return Buffer.from([...jpeg.subarray(0, 2), ...app1, ...jpeg.subarray(2)]);
}

async function restoreAndDownload(page: Page, app: AppPage, w: number, h: number, saveAs: string) {
  await app.paint([[w * 0.4, h * 0.55], [w * 0.6, h * 0.6]], w, h);
  await app.clickRestore();
  await expectRestored(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  const path = `${SHOTS}/../${saveAs}`;
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

test('a JPEG with EXIF rotation and a colour profile downloads as an upright JPEG with the same profile', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  const profile = sampleProfile();
  // Stored 96x64 with the marker top-left; orientation 6 (rotate 90° clockwise) shows it 64x96, marker top-right.
  const jpeg = withOrientation(jpegWithIcc(await makeImage(page, 'image/jpeg', 96, 64), profile), 6);
  await app.uploadBytes('portrait.jpg', 'image/jpeg', jpeg);
  await expect(page.getByTestId('photo-meta')).toContainText('64×96');
  await expect(page.getByTestId('download')).toHaveCount(0);
  const out = await restoreAndDownload(page, app, 64, 96, 'portrait-restored.jpg');
  await expect(page.getByTestId('download')).toHaveText('Download JPEG');
  await page.getByTestId('download-info').scrollIntoViewIfNeeded();
  await app.shot('download-01-jpeg-result.png');
  expect(out.name).toBe('portrait-restored.jpg');
  const meta = await sharp(out.bytes).metadata();
  expect(meta.format).toBe('jpeg');
  expect([meta.width, meta.height]).toEqual([64, 96]);
  expect(meta.orientation ?? 1).toBe(1); // upright pixels, no tag to rotate them again
  expect(extractIcc(new Uint8Array(out.bytes))).toEqual({ kind: 'raw', profile });
  const { data } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
  const px = (x: number, y: number) => [0, 1, 2].map((c) => data[(y * 64 + x) * 3 + c]);
  expect(Math.min(...px(64 - 6, 6))).toBeGreaterThan(230); // the marker, now top-right
  expect(Math.min(...px(6, 6))).toBeLessThan(200);
  // High quality: far from the mask, the re-encoded photo stays within a few levels of the original.
  const orig = await sharp(jpeg).rotate().raw().toBuffer();
  let worst = 0;
  for (let y = 0; y < 30; y++) for (let x = 20; x < 64; x++) for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(orig[(y * 64 + x) * 3 + c] - data[(y * 64 + x) * 3 + c]));
  expect(worst).toBeLessThan(12);
});

test('a WebP stays WebP with its profile; copy puts a PNG on the clipboard; Share hands over the file', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Chromium on Linux has no share sheet: stand in for the system's, and record what it is given.
  await page.addInitScript(() => {
    const w = window as unknown as { __shared: { name: string; type: string; size: number }[] };
    w.__shared = [];
    Object.assign(navigator, {
      canShare: (d: { files?: File[] }) => !!d.files?.length,
      share: async (d: { files: File[] }) => {
        w.__shared.push(...d.files.map((f) => ({ name: f.name, type: f.type, size: f.size })));
      },
    });
  });
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  const profile = sampleProfile();
  const webp = webpWithIcc(await makeImage(page, 'image/webp', 80, 80), profile, 80, 80);
  await app.uploadBytes('face.webp', 'image/webp', Buffer.from(webp));
  await expect(page.getByTestId('photo-meta')).toContainText('80×80');
  const out = await restoreAndDownload(page, app, 80, 80, 'face-restored.webp');
  expect(out.name).toBe('face-restored.webp');
  const meta = await sharp(out.bytes).metadata();
  expect(meta.format).toBe('webp');
  expect([meta.width, meta.height]).toEqual([80, 80]);
  expect(extractIcc(new Uint8Array(out.bytes))).toEqual({ kind: 'raw', profile });

  await page.getByTestId('copy').click();
  await expect(page.getByTestId('copy')).toHaveText('Copied');
  const clip = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const blob = await item.getType('image/png');
    const bmp = await createImageBitmap(blob);
    return { types: item.types, w: bmp.width, h: bmp.height };
  });
  expect(clip.types).toContain('image/png');
  expect([clip.w, clip.h]).toEqual([80, 80]);

  await page.getByTestId('share').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __shared: unknown[] }).__shared)).toEqual([
    { name: 'face-restored.webp', type: 'image/webp', size: expect.any(Number) },
  ]);
});
