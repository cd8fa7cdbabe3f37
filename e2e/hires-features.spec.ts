// A painted-over eye and mouth on 512-px face photos (faces/hires/codeformer-cropped), restored
// and downloaded as a person would, then cut out at 1:1 beside the original to look at
// (test-results/screenshots/hires-eye-mouth-<face>.png: original | download, eye above mouth).
// Runs only where ../shared/data is present; nothing of it is committed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { AppPage, expectRestored, decodePng, ROOT, SHOTS, type Rgba } from './fixtures/app';

const DIR = join(ROOT, '..', 'shared', 'data', 'faces', 'hires', 'codeformer-cropped');
const FACES = ['0143', '0240'];

test.skip(!existsSync(DIR), 'needs ../shared/data (faces/hires)');

/** Where the features sit in these aligned crops, as fractions of the side. */
const EYE: [number, number][] = [[0.57, 0.46], [0.69, 0.46]];
const MOUTH: [number, number][] = [[0.42, 0.71], [0.58, 0.71]];

function cut(img: Rgba, cx: number, cy: number, w: number, h: number): Rgba {
  const out = new Uint8Array(w * h * 4);
  const x0 = Math.round(cx - w / 2), y0 = Math.round(cy - h / 2);
  for (let y = 0; y < h; y++) out.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  return { width: w, height: h, data: out };
}

for (const name of FACES) {
  test(`512-px face ${name}: a painted eye and mouth are filled, the rest of the photo is untouched`, async ({ page }) => {
    test.setTimeout(240_000);
    const file = join(DIR, `${name}.png`);
    const original = decodePng(readFileSync(file));
    const { width: W, height: H } = original;
    const app = new AppPage(page);
    await app.open('?ep=wasm', { autoCrop: true });
    await app.upload(file);
    await expect(page.getByTestId('face-status')).toHaveAttribute('data-status', /found|none/, { timeout: 60_000 });
    while (Number(await page.getByTestId('brush-size').getAttribute('data-size')) > 40) await page.keyboard.press('[');
    const px = (p: [number, number][]) => p.map(([x, y]) => [x * W, y * H] as [number, number]);
    await app.paint(px(EYE), W, H);
    await app.paint(px(MOUTH), W, H);
    await app.clickRestore();
    await expectRestored(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const path = join(SHOTS, '..', `hires-${name}-restored.png`);
    await download.saveAs(path);
    const out = decodePng(readFileSync(path));
    expect([out.width, out.height]).toEqual([W, H]);

    // Far from both strokes nothing changed; on them, something plausible replaced the feature.
    const brush = Number(await page.getByTestId('brush-size').getAttribute('data-size'));
    const near = (x: number, y: number, pts: [number, number][]) => {
      const [[ax, ay], [bx, by]] = px(pts);
      const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
      return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay));
    };
    let farChanged = 0, onCount = 0, onDiff = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const d = Math.min(near(x, y, EYE), near(x, y, MOUTH));
        const i = (y * W + x) * 4;
        const diff = Math.abs(out.data[i] - original.data[i]) + Math.abs(out.data[i + 1] - original.data[i + 1]) + Math.abs(out.data[i + 2] - original.data[i + 2]);
        if (d > brush) farChanged += diff > 0 ? 1 : 0;
        else if (d < brush / 4) {
          onCount++;
          onDiff += diff / 3;
        }
      }
    expect(farChanged, 'pixels changed away from the strokes').toBe(0);
    const meanOn = onDiff / onCount;
    expect(meanOn, 'mean |change| on the strokes (0: not restored; huge: garbage)').toBeGreaterThan(0.5);
    expect(meanOn).toBeLessThan(60);

    // original | download, the eye above the mouth, 1:1
    const cw = Math.round(W * 0.3), ch = Math.round(H * 0.16);
    const parts = [EYE, MOUTH].map((pts) => {
      const [[ax, ay], [bx, by]] = px(pts);
      return [cut(original, (ax + bx) / 2, (ay + by) / 2, cw, ch), cut(out, (ax + bx) / 2, (ay + by) / 2, cw, ch)];
    });
    const sheet = new PNG({ width: cw * 2 + 4, height: ch * 2 + 4 });
    parts.forEach((row, r) =>
      row.forEach((img, c) => {
        for (let y = 0; y < ch; y++) sheet.data.set(img.data.subarray(y * cw * 4, (y + 1) * cw * 4), ((r * (ch + 4) + y) * sheet.width + c * (cw + 4)) * 4);
      }),
    );
    mkdirSync(SHOTS, { recursive: true });   // run on its own, nothing has made it yet
    writeFileSync(join(SHOTS, `hires-eye-mouth-${name}.png`), PNG.sync.write(sheet));
  });
}
