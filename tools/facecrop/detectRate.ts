// How often the face detector finds a face, with and without the padded second look the app
// takes (src/worker/handler.ts) when the first finds none, on the photos given:
//   npx tsx tools/facecrop/detectRate.ts ../shared/data/faces/hires/codeformer-cropped/*.png
// The photos are scaled to at most 640 px first, as the app sends them. INPUT_SIZE=320 compares
// the detector's earlier input size (the app uses 416).
import sharp from 'sharp';
import { detectorPlacements, type Placement } from '../../src/lib/faceDetect';
import { locate } from './nodeDetector';

async function count(rgb: Buffer, w: number, h: number, at: Placement) {
  const rgba = new Uint8Array(w * h * 4);
  for (let p = 0; p < w * h; p++) for (let c = 0; c < 3; c++) rgba[p * 4 + c] = rgb[p * 3 + c];
  const f = locate(rgba, w, h, at, Number(process.env.INPUT_SIZE ?? 416));
  if (process.env.SHOW) console.log(f.map((x) => `${x.score.toFixed(2)}@${Math.round(x.x)},${Math.round(x.y)} ${Math.round(x.width)}`).join(' | '));
  return f.length;
}
async function scaled(path: string) {
  // the app sends the photo scaled to at most 640 px
  const img = sharp(path).removeAlpha(); const m = await img.metadata();
  const d = Math.min(1, 640 / Math.max(m.width!, m.height!));
  const { data, info } = await img.resize(Math.round(m.width! * d), Math.round(m.height! * d)).raw().toBuffer({ resolveWithObject: true });
  return { data, w: info.width, h: info.height };
}
const args = process.argv.slice(2);
let plain = 0, padded = 0, n = 0;
for (const p of args) {
  const { data, w, h } = await scaled(p);
  const [asIs, onCanvas] = detectorPlacements(w, h);
  const a = await count(data, w, h, asIs);
  const b = a ? a : await count(data, w, h, onCanvas);
  n++; if (a) plain++; if (b) padded++;
  console.log(p.split('/').pop(), a, b);
}
console.log(`found: plain ${plain}/${n}, with padded retry ${padded}/${n}`);
