// npx tsx tools/bench/photoSteps.ts [--size 4000x3000] [--crop 1024] [--runs 5]
//
// The full-resolution steps around the graphs, timed in Node on one core (the same code runs in
// the browser): the crop at R, the paste-back over the painted pixels with the photo's own detail
// (src/lib/detail.ts), and the classical fill of paint outside the face crop, on a synthetic
// 12-megapixel photo with a 1024 px face crop and brush strokes inside and outside it.
import { parseArgs } from 'node:util';
import { finishPhoto, pasteFace, runInput } from '../../src/lib/runInput';
import { imagePoint } from '../../src/lib/geometry';
import type { Stroke } from '../../src/lib/strokes';
import type { Photo } from '../../src/store/imageSlice';
import { summarize } from './stats';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '4000x3000' }, crop: { type: 'string', default: '1024' }, runs: { type: 'string', default: '5' } } });
const [W, H] = args.size.split('x').map(Number);
const C = Number(args.crop);
const R = 128;
const pixels = new Uint8ClampedArray(W * H * 4);
for (let y = 0; y < H; y++)
  for (let x = 0; x < W; x++) {
    const p = (y * W + x) * 4;
    const grain = ((x * 7919 + y * 104729) % 31) - 15; // fine texture, so the detail step has something to borrow
    pixels[p] = 120 + (60 * x) / W + grain;
    pixels[p + 1] = 100 + (40 * y) / H + grain;
    pixels[p + 2] = 90 + grain;
    pixels[p + 3] = 255;
  }
const photo: Photo = { baseName: 'synthetic', width: W, height: H, pixels, source: null, icc: null };
const crop = { x: Math.round((W - C) / 2), y: Math.round((H - C) / 3), size: C };
const stroke = (pts: [number, number][], radius: number): Stroke => ({ mode: 'paint', radius, points: pts.map(([x, y]) => imagePoint(x, y)) });
const strokes = [
  stroke([[crop.x + C * 0.3, crop.y + C * 0.4], [crop.x + C * 0.7, crop.y + C * 0.45]], C * 0.05), // an eye-line inside the face crop
  stroke([[crop.x + C * 0.45, crop.y + C * 0.7], [crop.x + C * 0.55, crop.y + C * 0.72]], C * 0.06), // the mouth
  stroke([[crop.x + C + 200, crop.y + 300], [crop.x + C + 600, crop.y + 500]], 30), // a scratch on the background
];
const restored = new Uint8ClampedArray(R * R * 4).fill(128); // stands in for the graphs' output

const t = { input: [] as number[], spare: [] as number[], paste: [] as number[], outside: [] as number[] };
for (let i = 0; i < Number(args.runs); i++) {
  let t0 = performance.now();
  runInput(photo, crop, strokes, R);
  t.input.push(performance.now() - t0);
  // the photo worker copies the photo while the model runs (src/worker/photo.worker.ts, prepareSpare)
  t0 = performance.now();
  const spare = new Uint8ClampedArray(pixels);
  t.spare.push(performance.now() - t0);
  t0 = performance.now();
  const px = pasteFace(photo, crop, strokes, restored, R, undefined, undefined, spare);
  t.paste.push(performance.now() - t0);
  t0 = performance.now();
  finishPhoto(W, H, px, [crop], strokes);
  t.outside.push(performance.now() - t0);
}
const fmt = (xs: number[]) => `${summarize(xs).median.toFixed(0)} ms`;
console.log(`photo ${W}x${H} (${((W * H) / 1e6).toFixed(1)} MP), face crop ${C} px, R ${R}, ${args.runs} runs, medians:`);
console.log(`  crop + hole at R (runInput): ${fmt(t.input)}`);
console.log(`  result buffer, a copy of the photo made while the model runs (not on the path): ${fmt(t.spare)}`);
console.log(`  paste-back with detail and seams into it (pasteFace; includes a second runInput for the detail's low-pass): ${fmt(t.paste)}`);
console.log(`  the crop's steps (crop + hole, paste-back): ${fmt(t.input.map((v, i) => v + t.paste[i]))}`);
console.log(`  classical fill outside the crop (finishPhoto): ${fmt(t.outside)}`);
console.log(JSON.stringify({ bench: 'photoSteps', W, H, crop: C, R, inputMs: summarize(t.input).median, spareMs: summarize(t.spare).median, pasteMs: summarize(t.paste).median, outsideMs: summarize(t.outside).median }));
