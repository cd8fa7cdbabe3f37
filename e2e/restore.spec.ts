// The whole workflow on the real shipped graphs, on WASM: upload the sample portrait, paint two
// strokes, undo, redo, restore, compare, slide, download; then check the PNG pixel by pixel.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { imagePoint } from '../src/lib/geometry';
import { extractIcc } from '../src/lib/icc';
import { featherFor } from '../src/lib/pasteBack';
import { pngColourType } from '../src/lib/pngRgb';
import { rasterizeMask } from '../src/lib/rasterize';
import { runInput } from '../src/lib/runInput';
import type { Stroke } from '../src/lib/strokes';
import { AppPage, expectRestored, decodePng, readSample, SAMPLE_PATH, SHOTS } from './fixtures/app';


// Two strokes over the face of the 512x512 portrait (eyes, then mouth), in photo pixels.
const STROKE_A: [number, number][] = [[215, 128], [250, 124], [290, 130]];
const STROKE_B: [number, number][] = [[230, 175], [262, 182], [285, 172]];

test('upload, paint, undo/redo, restore on WASM, compare and download', async ({ page }) => {
  const app = new AppPage(page);
  const original = readSample();
  const W = original.width;
  const H = original.height;

  await app.open('?ep=wasm');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-ep', 'wasm');
  await expect(page.getByTestId('backend')).toContainText(/WASM · \d+ thread/);
  await app.shot('01-empty.png');

  await app.upload(SAMPLE_PATH);
  await expect(page.getByTestId('photo-meta')).toContainText(`${W}×${H}`);
  expect(await app.crop()).toEqual({ x: 0, y: 0, size: W }); // largest centred square

  // Tighten the crop box around the face: pull the bottom-right corner in, then move the box.
  await page.getByTestId('tool-crop').click();
  await app.drag([W - 1, H - 1], [236, 236], W, H);
  const shrunk = await app.crop();
  expect(shrunk.x).toBe(0);
  expect(Math.abs(shrunk.size - 236)).toBeLessThan(6);
  await app.drag([100, 100], [100 + 140, 100 + 36], W, H);
  const crop = await app.crop();
  expect(Math.abs(crop.x - 140)).toBeLessThan(4);
  expect(Math.abs(crop.y - 36)).toBeLessThan(4);
  await page.getByTestId('tool-brush').click();

  const brush = Number(await page.getByTestId('brush-size').getAttribute('data-size')); // diameter, photo px
  await app.paint(STROKE_A, W, H);
  await app.paint(STROKE_B, W, H);
  expect(await app.strokeCount()).toBe(2);
  await page.getByTestId('undo').click();
  expect(await app.strokeCount()).toBe(1);
  await page.keyboard.press('Control+Shift+Z');
  expect(await app.strokeCount()).toBe(2);
  await page.keyboard.press('Control+Z');
  await page.getByTestId('redo').click();
  expect(await app.strokeCount()).toBe(2);
  await page.mouse.move(20, 20); // keep the brush cursor out of the screenshot
  await app.shot('02-painted-mask.png');

  await app.clickRestore();
  await expect(page.getByTestId('restore')).toHaveAttribute('data-busy', 'true');
  await expectRestored(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  // The time shown is what the person waited (click to result), which includes the model's share.
  const felt = Number(await page.getByTestId('restored-in').getAttribute('data-felt-ms'));
  const modelMs = Number(await page.getByTestId('restored-in').getAttribute('data-model-ms'));
  expect(felt).toBeGreaterThan(modelMs);
  await expect(page.getByTestId('timing')).toContainText(/model \d+\.\d\d s .*photo at full size \d+\.\d\d s/);

  // What the model saw: the crop at R, and the mask rasterised from the same strokes.
  const masked = await app.canvasPixels('stage-masked');
  const R = masked.width;
  const radius = brush / 2;
  const strokes: Stroke[] = [STROKE_A, STROKE_B].map((pts) => ({ mode: 'paint', radius, points: pts.map(([x, y]) => imagePoint(x, y)) }));
  const { grow, feather } = featherFor(crop.size, R);
  // the app's own rule (cells at least half painted; the others cleaned of what lies under the paint)
  const expected = runInput({ width: W, height: H, pixels: new Uint8ClampedArray(original.data) }, crop, strokes, R);
  const expectedMask = expected.mask;
  // what the model was given outside the hole: the masked preview is that input with the hole grey
  const inputR = masked.data;
  // The app shows the hole as the model sees it (0 in [-1, 1] = grey 128): read its mask from there.
  const isGrey = (i: number) => masked.data[i * 4] === 128 && masked.data[i * 4 + 1] === 128 && masked.data[i * 4 + 2] === 128;
  const maskR = Float32Array.from({ length: R * R }, (_, i) => (isGrey(i) ? 1 : 0));
  const holes = maskR.reduce((n, m) => n + m, 0);
  const agree = expectedMask.reduce((n, m, i) => n + (m && maskR[i] ? 1 : 0), 0);
  expect(holes).toBeGreaterThan(100);
  // The painted strokes became the hole (mouse positions are whole screen px, so edges may differ).
  expect(agree / holes).toBeGreaterThan(0.9);

  for (const stage of ['prior', 'structure', 'refine']) {
    const px = await app.canvasPixels(`stage-${stage}`);
    expect(px.width).toBe(R);
    let diffIn = 0;
    let maxDiffOut = 0;
    for (let i = 0; i < R * R; i++) {
      for (let c = 0; c < 3; c++) {
        const d = Math.abs(px.data[i * 4 + c] - inputR[i * 4 + c]);
        if (maskR[i]) diffIn += d;
        else maxDiffOut = Math.max(maxDiffOut, d);
      }
    }
    // Inside the hole the stage made something of its own; outside it the known pixels stay.
    expect(diffIn / (holes * 3), `${stage}: mean change inside the mask`).toBeGreaterThan(3);
    expect(maxDiffOut, `${stage}: change outside the mask`).toBeLessThanOrEqual(1);
  }
  await app.shot('03-stage-comparison.png');

  const handle = page.getByTestId('ba-handle');
  const ba = await page.getByTestId('before-after').boundingBox();
  expect(ba).not.toBeNull();
  const hb = (await handle.boundingBox())!;
  await page.mouse.move(hb.x + hb.width / 2, ba!.y + ba!.height / 2);
  await page.mouse.down();
  await page.mouse.move(ba!.x + ba!.width * 0.3, ba!.y + ba!.height / 2, { steps: 6 });
  await page.mouse.up();
  const now = Number(await handle.getAttribute('aria-valuenow'));
  expect(now).toBeGreaterThan(22);
  expect(now).toBeLessThan(38);
  await page.getByTestId('before-after').scrollIntoViewIfNeeded();
  await app.shot('04-before-after-slider.png');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  expect(download.suggestedFilename()).toBe('astronaut-restored.png');
  const path = `${SHOTS}/../astronaut-restored.png`;
  await download.saveAs(path);
  const outBytes = readFileSync(path);
  const out = decodePng(outBytes);
  expect([out.width, out.height]).toEqual([W, H]);
  // The sample is an RGB PNG: the download is RGB too (a canvas would have written RGBA).
  expect(pngColourType(new Uint8Array(outBytes))).toBe(2);
  expect(outBytes.length).toBeLessThan(readFileSync(SAMPLE_PATH).length * 1.15);
  // The original's colour profile travels with the restored photo.
  expect(extractIcc(new Uint8Array(outBytes))).toEqual(extractIcc(new Uint8Array(readFileSync(SAMPLE_PATH))));

  // Every changed pixel lies within the brush plus the feather margin; the painted centre lines changed.
  // Reach: brush + the app's grow and feather + 2 px for whole-pixel mouse positions and cell rounding.
  const reachable = rasterizeMask(strokes.map((s) => ({ ...s, radius: s.radius + grow + feather + 2 })), { x: 0, y: 0, width: W, height: H }, W, H);
  let changed = 0;
  let strayed = 0;
  for (let i = 0; i < W * H; i++) {
    const differs = [0, 1, 2, 3].some((c) => out.data[i * 4 + c] !== original.data[i * 4 + c]);
    if (differs) {
      changed++;
      if (!reachable[i]) strayed++;
    }
  }
  expect(strayed, 'pixels changed outside the feathered mask').toBe(0);
  expect(changed).toBeGreaterThan(500);
});

test('a file that is not an image shows a message and keeps the photo and strokes', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await app.paint(STROKE_A, 512, 512);
  await app.uploadBytes('notes.txt', 'text/plain', Buffer.from('hello'));
  await expect(page.getByTestId('notice')).toContainText('is not an image');
  await app.uploadBytes('broken.png', 'image/png', Buffer.from('not really a png'));
  await expect(page.getByTestId('notice')).toContainText('is not an image: its contents are not JPEG, PNG, WebP, GIF, BMP or AVIF');
  await expect(page.getByTestId('photo-meta')).toContainText('astronaut');
  expect(await app.strokeCount()).toBe(1);
});

test('a second visit downloads no model file: graphs come from Cache Storage', async ({ page, context }) => {
  const app = new AppPage(page);
  const fetched: string[] = [];
  context.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('.onnx')) fetched.push(new URL(r.url()).pathname);
  });
  const restoreOnce = async () => {
    await app.open('?ep=wasm');
    await app.upload(SAMPLE_PATH);
    await app.paint(STROKE_A, 512, 512);
    await app.clickRestore();
    await expectRestored(page);
  };
  await restoreOnce();
  expect(fetched.sort()).toEqual(['/models/prior.onnx', '/models/refine.onnx', '/models/structure.onnx']);
  await page.reload();
  await restoreOnce();
  expect(fetched).toHaveLength(3);
});
