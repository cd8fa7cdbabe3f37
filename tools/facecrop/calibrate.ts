// Measures how faces fill the training crops, as seen by the app's face detector (face-api's
// tiny face detector as ONNX, tools/facecrop/nodeDetector.ts), so the app can place its crop box the same way around a detected face:
// crop size = scale * max(w, h), crop centre = box centre + (dx * w, dy * h). Writes the medians
// to training/checkpoints/face_crop.json, which the export copies into the manifest.
//
//   npx tsx tools/facecrop/calibrate.ts [--faces dirA,dirB] [--n 400]
//
// Several folders are sampled in proportion to their sizes, i.e. as training draws from them.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { centreSquare } from '../../src/lib/evalProtocol';
import { median } from '../bench/stats';
import { listFaces } from '../eval/images';
import { locate } from './nodeDetector';

const { values: args } = parseArgs({
  options: {
    faces: { type: 'string', default: '../shared/data/faces/train/utkface,../shared/data/faces/train/celeba' },
    n: { type: 'string', default: '400' },
    out: { type: 'string', default: 'training/checkpoints/face_crop.json' },
    'input-size': { type: 'string', default: '416' },
    // The training crops are tight (the face fills the frame); in the photos people open a face
    // is a fraction of the frame, and the detector's boxes depend on that. Each crop is placed on
    // a grey canvas this many times its size, as a face in a portrait.
    canvas: { type: 'string', default: '2' },
  },
});

// Sample evenly across the folders' sorted files (UTKFace names sort by age), so each folder
// contributes in proportion to its size.
const all = args.faces.split(',').flatMap((dir) => listFaces(dir));
const n = Math.min(Number(args.n), all.length);
const files = Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]);
const scale: number[] = [];
const dx: number[] = [];
const dy: number[] = [];
for (const file of files) {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sq = centreSquare(info.width, info.height); // the training crop
  const k = Number(args.canvas);
  const cw = Math.round(info.width * k), ch = Math.round(info.height * k);
  const ox = Math.round((cw - info.width) / 2), oy = Math.round((ch - info.height) / 2);
  const rgba = new Uint8Array(info.width * info.height * 4);
  for (let p = 0; p < info.width * info.height; p++) for (let c = 0; c < 3; c++) rgba[p * 4 + c] = data[p * 3 + c];
  const crop = { x: sq.x + ox, y: sq.y + oy, size: sq.size };
  // boxes come back in the face's own pixels: shift them to the canvas
  const found = (locate(rgba, info.width, info.height, { ox, oy, cw, ch }, Number(args['input-size']))).map((b) => ({ box: { ...b, x: b.x + ox, y: b.y + oy } }));
  if (found.length !== 1) continue; // no face or several: not a clean sample
  const { x, y, width: w, height: h } = found[0].box;
  scale.push(crop.size / Math.max(w, h));
  dx.push((crop.x + crop.size / 2 - (x + w / 2)) / w);
  dy.push((crop.y + crop.size / 2 - (y + h / 2)) / h);
}
const result = {
  detector: `@vladmandic/face-api tinyFaceDetector (as ONNX), inputSize ${args['input-size']}, scoreThreshold 0.3; faces on a grey canvas ${args.canvas}x their size`,
  meaning: 'crop size = scale * max(w, h); crop centre = (x + w/2 + dx*w, y + h/2 + dy*h) for a detector box (x, y, w, h)',
  scale: Number(median(scale).toFixed(3)),
  dx: Number(median(dx).toFixed(3)),
  dy: Number(median(dy).toFixed(3)),
  measuredOn: `${scale.length} of ${files.length} faces sampled evenly from ${args.faces} (one face detected)`,
};
writeFileSync(args.out, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result));
