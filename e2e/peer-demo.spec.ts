// The peer's demo (CodeFormer's masked-face input 00169, white = the hole), restored in the app as
// a person would: paint over the white, Restore, Download. Writes a side-by-side PNG of the input,
// our download and CodeFormer's published result to look at (test-results/screenshots/). Runs
// only where ../shared/data is present; nothing of it is committed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { AppPage, downloadPng as downloadAs, expectRestored, decodePng, ROOT, SHOTS, type Rgba } from './fixtures/app';

const DEMO = join(ROOT, '..', 'shared', 'data', 'faces', 'hires', 'peer-demo');
const INPUT = join(DEMO, '00169.png');
const PEER = join(DEMO, '00169-codeformer-result.png');

test.skip(!existsSync(INPUT), 'needs ../shared/data (the peer demo)');

const isHole = (img: Rgba, i: number) => img.data[i * 4] >= 250 && img.data[i * 4 + 1] >= 250 && img.data[i * 4 + 2] >= 250;

test('the peer demo 00169: painted, restored and downloaded in the app, beside the peer’s result', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  const input = decodePng(readFileSync(INPUT));
  const { width: W, height: H } = input;
  await app.open('?ep=wasm', { autoCrop: true });
  await app.upload(INPUT);
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-status', /found|none/, { timeout: 60_000 });
  // a 12 px brush, then paint every white run, one row every 6 px
  while (Number(await page.getByTestId('brush-size').getAttribute('data-size')) > 12) await page.keyboard.press('[');
  const step = 6;
  for (let y = 2; y < H; y += step) {
    let x = 0;
    while (x < W) {
      if (!isHole(input, y * W + x)) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < W && isHole(input, y * W + x)) x++;
      await app.paint([[Math.min(x0 + 2, x - 1), y], [Math.max(x0, x - 3), y]], W, H);
    }
  }
  await page.getByTestId('grow-by').fill('3');
  await page.getByTestId('grow').click();
  await app.clickRestore();
  await expectRestored(page);
  await app.shot('peer-demo-00169-app.png');

  const out = await downloadAs(page, 'peer-demo-00169-restored.png');
  let white = 0, hole = 0;
  for (let i = 0; i < W * H; i++) {
    if (!isHole(input, i)) continue;
    hole++;
    if (isHole(out, i)) white++;
  }
  expect(white / hole, 'share of the white hole left white').toBeLessThan(0.01);

  sideBySide(input, out, 'peer-demo-00169-side-by-side.png');

  // the same with stage 2's face in the photo (the Compare view's "Use this one")
  await page.getByTestId('use-structure').click();
  await expect(page.getByTestId('use-structure')).toHaveAttribute('aria-pressed', 'true');
  sideBySide(input, await downloadAs(page, 'peer-demo-00169-restored-stage2.png'), 'peer-demo-00169-side-by-side-stage2.png');
});

/** input | ours | CodeFormer's result (the right half of its published 1080x540 image), 1:1. */
function sideBySide(input: Rgba, out: Rgba, name: string) {
  const { width: W, height: H } = input;
  const peer = decodePng(readFileSync(PEER));
  const half = peer.width / 2;
  const side = new PNG({ width: W * 2 + half, height: Math.max(H, peer.height) });
  const put = (img: Rgba, sx: number, sw: number, dx: number) => {
    for (let y = 0; y < img.height; y++) side.data.set(img.data.subarray((y * img.width + sx) * 4, (y * img.width + sx + sw) * 4), (y * side.width + dx) * 4);
  };
  put(input, 0, W, 0);
  put(out, 0, W, W);
  put(peer, half, half, 2 * W);
  writeFileSync(join(SHOTS, name), PNG.sync.write(side));
}
