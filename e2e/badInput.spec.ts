// Inputs people drop on the page: wrong, empty, truncated, tiny or huge files are refused with a
// clear message that keeps the photo and strokes; odd but valid photos (transparent, grey, 16-bit,
// EXIF-rotated) restore and download at full size; empty, full and out-of-crop masks behave.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, expectRestored, decodePng, SAMPLE_PATH, SHOTS, type Rgba } from './fixtures/app';
import { makeJpeg, makePng, pattern } from './fixtures/images';

const STROKE: [number, number][] = [[215, 128], [250, 124], [290, 130]];

async function withSampleAndStroke(app: AppPage) {
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await app.paint(STROKE, 512, 512);
}

async function expectKept(app: AppPage) {
  await expect(app.page.getByTestId('photo-meta')).toContainText('astronaut');
  expect(await app.strokeCount()).toBe(1);
}

async function restoreAndDownload(page: Page, name: string): Promise<Rgba> {
  await new AppPage(page).clickRestore();
  await expectRestored(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  const path = `${SHOTS}/../${name}`;
  await download.saveAs(path);
  const bytes = readFileSync(path);
  if (download.suggestedFilename().endsWith('.png')) return decodePng(bytes);
  // Another format (the download keeps a JPEG a JPEG): let the browser decode it, as stored.
  const decoded = await page.evaluate(async (data) => {
    const bmp = await createImageBitmap(new Blob([new Uint8Array(data)]), { imageOrientation: 'none' });
    const ctx = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    return { width: bmp.width, height: bmp.height, data: Array.from(ctx.getImageData(0, 0, bmp.width, bmp.height).data) };
  }, Array.from(bytes));
  return { ...decoded, data: Uint8Array.from(decoded.data) };
}

test.describe('refused with a clear message; the photo and strokes stay', () => {
  const cases: { name: string; file: () => Promise<Buffer> | Buffer; mime: string; message: RegExp }[] = [
    { name: 'empty.jpg', file: () => Buffer.alloc(0), mime: 'image/jpeg', message: /is empty \(0 bytes\)/ },
    { name: 'report.jpg', file: () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), mime: 'image/jpeg', message: /is not an image: its contents are not JPEG, PNG, WebP, GIF, BMP or AVIF/ },
    { name: 'notes.txt', file: () => Buffer.from('hello'), mime: 'text/plain', message: /is not an image/ },
    {
      // an iPhone photo: the ISO-BMFF 'ftyp' box with the heic brand (browsers other than Safari cannot decode it)
      name: 'IMG_0001.HEIC',
      file: () => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic'), Buffer.alloc(64)]),
      mime: 'image/heic',
      message: /HEIC\/HEIF photo .* cannot decode\. Export it as JPEG first/,
    },
    { name: 'one.png', file: () => makePng(1, 1, { colorType: 2, bitDepth: 8 }), mime: 'image/png', message: /only 1×1 pixels; use a photo at least 32 pixels/ },
    { name: 'small.png', file: () => makePng(16, 16, { colorType: 2, bitDepth: 8 }), mime: 'image/png', message: /only 16×16 pixels; use a photo at least 32 pixels/ },
    {
      name: 'cut.png',
      file: () => {
        const png = makePng(200, 200, { colorType: 2, bitDepth: 8, sample: pattern(200, 200) });
        return png.subarray(0, png.length >> 1);
      },
      mime: 'image/png',
      message: /is truncated/,
    },
  ];
  for (const c of cases) {
    test(c.name, async ({ page }) => {
      const app = new AppPage(page);
      await withSampleAndStroke(app);
      await app.uploadBytes(c.name, c.mime, await c.file());
      await expect(page.getByTestId('notice')).toContainText(c.message);
      await expect(page.getByTestId('notice')).toContainText(c.name);
      await expectKept(app);
    });
  }

  test('a truncated JPEG', async ({ page }) => {
    const app = new AppPage(page);
    await withSampleAndStroke(app);
    const jpeg = await makeJpeg(page, 300, 200);
    await app.uploadBytes('cut.jpg', 'image/jpeg', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    await expect(page.getByTestId('notice')).toContainText('“cut.jpg” is truncated');
    await expectKept(app);
  });

  test('a 12000x12000 PNG is refused from its header at once, the tab stays responsive', async ({ page }) => {
    const app = new AppPage(page);
    await withSampleAndStroke(app);
    const huge = makePng(12000, 12000, { colorType: 0, bitDepth: 8 });
    const started = Date.now();
    await app.uploadBytes('huge.png', 'image/png', huge);
    await expect(page.getByTestId('notice')).toContainText('12000×12000 pixels (144 MP); photos up to 64 megapixels');
    expect(Date.now() - started).toBeLessThan(5000);
    // Responsive: the page still answers and the editor still paints.
    await app.paint([[100, 400], [160, 420]], 512, 512);
    expect(await app.strokeCount()).toBe(2);
    await app.shot('input-huge-refused.png');
  });
});

test('a transparent PNG keeps its alpha channel in the download', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  const W = 160;
  const H = 160;
  const rgb = pattern(W, H);
  // Transparent left quarter, half-transparent top band, opaque elsewhere.
  const alphaAt = (x: number, y: number) => (x < W / 4 ? 0 : y < H / 5 ? 128 : 255);
  await app.uploadBytes('cutout.png', 'image/png', makePng(W, H, { colorType: 6, bitDepth: 8, sample: (x, y) => [...rgb(x, y), alphaAt(x, y)] }));
  await expect(page.getByTestId('photo-meta')).toContainText(`${W}×${H}`);
  await app.paint([[60, 80], [110, 90]], W, H);
  const out = await restoreAndDownload(page, 'cutout-restored.png');
  expect([out.width, out.height]).toEqual([W, H]);
  let wrongAlpha = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (out.data[(y * W + x) * 4 + 3] !== alphaAt(x, y)) wrongAlpha++;
  expect(wrongAlpha).toBe(0);
});

for (const kind of [
  { name: 'grey.png', label: 'an 8-bit greyscale PNG', png: () => makePng(120, 120, { colorType: 0, bitDepth: 8, sample: (x, y) => [pattern(120, 120)(x, y)[1]] }) },
  { name: 'deep.png', label: 'a 16-bit RGB PNG', png: () => makePng(120, 120, { colorType: 2, bitDepth: 16, sample: (x, y) => pattern(120, 120)(x, y).map((v) => v * 257) }) },
]) {
  test(`${kind.label} restores and downloads at full size`, async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?ep=wasm');
    await app.uploadBytes(kind.name, 'image/png', kind.png());
    await expect(page.getByTestId('photo-meta')).toContainText('120×120');
    await app.paint([[40, 60], [80, 60]], 120, 120);
    const out = await restoreAndDownload(page, kind.name.replace('.png', '-restored.png'));
    expect([out.width, out.height]).toEqual([120, 120]);
    // Far from the stroke the pixels are the file's own (16-bit values come out as their top byte).
    const px = (x: number, y: number) => Array.from(out.data.subarray((y * 120 + x) * 4, (y * 120 + x) * 4 + 3));
    const want = pattern(120, 120)(5, 110);
    expect(px(5, 110)).toEqual(kind.name === 'grey.png' ? [want[1], want[1], want[1]] : want);
  });
}

test('an EXIF-rotated JPEG restores upright: the download has the rotated size', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.uploadBytes('rotated.jpg', 'image/jpeg', await makeJpeg(page, 90, 60, 6));
  await expect(page.getByTestId('photo-meta')).toContainText('60×90');
  await app.paint([[20, 45], [40, 45]], 60, 90);
  const out = await restoreAndDownload(page, 'rotated-restored.png');
  expect([out.width, out.height]).toEqual([60, 90]);
  // The white marker of the stored top-left corner is now top-right, as the editor showed it.
  const at = (x: number, y: number) => out.data[(y * 60 + x) * 4];
  expect(at(60 - 8, 8)).toBeGreaterThan(220);
  expect(at(8, 8)).toBeLessThan(200);
});

test('Restore with nothing painted says there is nothing to do', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await app.clickRestore();
  await expect(page.getByTestId('notice')).toContainText('Paint over the missing or damaged part of the face first');
  await expect(page.getByTestId('status')).toHaveCount(0);
});

test('the whole crop masked still restores (the prior imagines a face)', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.uploadBytes('small-face.png', 'image/png', makePng(64, 64, { colorType: 2, bitDepth: 8, sample: pattern(64, 64) }));
  // Invert on an empty mask: the whole crop box becomes the hole.
  await page.getByTestId('invert').click();
  await app.clickRestore();
  await expectRestored(page);
  const masked = await app.canvasPixels('stage-masked');
  let grey = 0;
  for (let i = 0; i < masked.width * masked.height; i++) if (masked.data[i * 4] === 128 && masked.data[i * 4 + 1] === 128) grey++;
  expect(grey).toBe(masked.width * masked.height);
});

test('strokes outside the crop box: the overlay says so, the model fills them from the wider square, and outside the box only the painted pixels change', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await page.getByTestId('tool-crop').click();
  await app.drag([511, 511], [300, 300], 512, 512); // crop: 0..300
  await page.getByTestId('tool-brush').click();
  const crop = await app.crop();
  expect(crop.size).toBeLessThan(320);
  await app.paint([[200, 150], [420, 150]], 512, 512); // from inside the crop to far outside
  await expect(page.getByTestId('crop-clip-hint')).toBeVisible();
  const overlayAlpha = async (px: number, py: number) => {
    const { x, y, v } = await app.viewport(512, 512);
    const canvas = page.locator('[data-testid=editor] canvas').nth(1);
    const box = (await canvas.boundingBox())!;
    return canvas.evaluate((c: HTMLCanvasElement, [sx, sy]) => c.getContext('2d')!.getImageData(sx * devicePixelRatio, sy * devicePixelRatio, 1, 1).data[3], [
      x - box.x + v.offsetX + px * v.scale,
      y - box.y + v.offsetY + py * v.scale,
    ]);
  };
  expect(await overlayAlpha(250, 150)).toBe(255);
  expect(await overlayAlpha(380, 150)).toBe(0); // the overlay is clipped to the box
  await expect(page.getByTestId('crop-clip-hint')).toContainText('classical fill');
  await page.mouse.move(10, 10);
  await app.shot('input-stroke-clipped.png');
  const out = await restoreAndDownload(page, 'clipped-restored.png');
  const original = decodePng(readFileSync(SAMPLE_PATH));
  // the whole stroke lies in the square twice the box's size: the model's wider pass fills it, no classical fill
  await expect(page.getByTestId('context-fill')).toBeVisible();
  await expect(page.getByTestId('outside-fill')).toHaveCount(0);
  const brush = Number(await page.getByTestId('brush-size').getAttribute('data-size'));
  let changedOutside = 0;
  let strayOutside = 0;
  let changedInside = 0;
  for (let y = 0; y < 512; y++)
    for (let x = 0; x < 512; x++) {
      const i = (y * 512 + x) * 4;
      const differs = [0, 1, 2, 3].some((c) => out.data[i + c] !== original.data[i + c]);
      const inCrop = x >= crop.x && y >= crop.y && x < crop.x + crop.size && y < crop.y + crop.size;
      const nearStroke = Math.abs(y - 150) <= brush / 2 + 2 && x >= 200 - brush / 2 - 2 && x <= 420 + brush / 2 + 2;
      if (differs && !inCrop) changedOutside++;
      if (differs && !inCrop && !nearStroke) strayOutside++;
      if (differs && inCrop) changedInside++;
    }
  expect(strayOutside).toBe(0);
  expect(changedOutside).toBeGreaterThan(100);
  expect(changedInside).toBeGreaterThan(100);
});

test('a CMYK JPEG opens (Chromium decodes it), restores and downloads at full size', async ({ page }) => {
  const sharp = (await import('sharp')).default;
  const cmyk = await sharp({ create: { width: 120, height: 90, channels: 3, background: { r: 200, g: 120, b: 60 } } })
    .toColourspace('cmyk')
    .jpeg({ quality: 92 })
    .toBuffer();
  expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.uploadBytes('print.jpg', 'image/jpeg', cmyk);
  await expect(page.getByTestId('photo-meta')).toContainText('120×90');
  await app.paint([[40, 45], [80, 45]], 120, 90);
  const out = await restoreAndDownload(page, 'print-restored.jpg');
  expect([out.width, out.height]).toEqual([120, 90]);
  // Far from the stroke: still the warm orange (converted from CMYK by the browser, then JPEG again).
  const [r, g, b] = Array.from(out.data.subarray((85 * 120 + 5) * 4, (85 * 120 + 5) * 4 + 3));
  expect(r).toBeGreaterThan(g);
  expect(g).toBeGreaterThan(b);
});
