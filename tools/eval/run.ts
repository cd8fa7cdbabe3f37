// npm run eval -- --faces <dir> --masks <dir> [--n 400] [--buckets 20-40,40-60] [--out f.jsonl]
//                 [--models public/models] [--save-grid grid.png] [--no-identity] [--threads 2] [--full-res [--no-detail] [--no-seams] [--crop whole|app]]
//
// Per method and bucket: PSNR, SSIM, L1, identity (face-api descriptor cosine with the original)
// and sharpness (detail in the hole against the original's, src/lib/realism.ts); for the first
// 20 faces of the 40-60% bucket, diversity: how much the results of seeds 1-4 differ in the hole
// relative to their error there. --save-grid also writes <grid>_seeds.png (those four seeds).
// The `eyes` bucket: the first 100 faces with the left eye, the right eye or both painted over
// (src/lib/evalProtocol.ts eyeHole), scored and, with --save-grid, shown in <grid>_eyes.png; a
// default bucket on the UTKFace evaluation faces only (its eye boxes are theirs). The `painted`
// bucket: the first 100 faces, each with one large painted region (a brushed area, ellipses or one
// side of the face; src/lib/evalProtocol.ts paintedHole), as a person paints; <grid>_painted.png.
// The `edge` bucket: the same with regions that run off the crop's border (tools/eval/edge-holes.png);
// for both, x/y excess: the fill's log(x-detail / y-detail) per 8x8 block over the original's, above 0
// vertical streaks (src/lib/realism.ts xyExcessTerms).
// --full-res: the same protocol at each face's own resolution through the app's path (crop, hole
// rule, graphs, paste-back), against Navier-Stokes and Telea at that resolution (tools/eval/fullRes.ts).
// --crop whole (default): the whole image is the face crop; --crop app: the face detector's crop on
// the damaged photo, the wider pass around it and the classical fill beyond, as the app does.
//
// Scores the shipped graphs (public/models, through onnxruntime-node and the app's own pipeline
// code) with the shared protocol of ../shared/data/README.md, against OpenCV's Navier-Stokes and
// Telea inpainting in the same run. Prints a table for people and JSON lines for machines.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { meanL1, psnr, ssim } from '../../src/lib/metrics';
import { diversityTerms, sharpness, xyExcessTerms } from '../../src/lib/realism';
import { nchwToRgba } from '../../src/lib/tensor';
import { runPipeline } from '../../src/worker/pipeline';
import { evalFullRes } from './fullRes';
import { saveGrid } from './grid';
import { faceDescriptor, identitySimilarity } from './identity';
import { bucketHoles, listFaces, loadFace } from './images';
import { loadModels } from './nodeRuntime';
import { opencvInpaint } from './opencvInpaint';

const { values: args } = parseArgs({
  options: {
    faces: { type: 'string', default: '../shared/data/faces/eval/utkface' }, // (UTK_EVAL below)
    masks: { type: 'string', default: '../shared/data/masks/nvidia-irregular/testing_mask_dataset' },
    n: { type: 'string', default: '400' },
    buckets: { type: 'string' },
    out: { type: 'string' },
    models: { type: 'string', default: 'public/models' },
    'save-grid': { type: 'string' },
    'grid-rows': { type: 'string', default: '8' },
    'no-identity': { type: 'boolean', default: false },
    threads: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    'full-res': { type: 'boolean', default: false },
    'no-detail': { type: 'boolean', default: false },
    'no-seams': { type: 'boolean', default: false },
    crop: { type: 'string', default: 'whole' },
  },
});

const METHODS = ['isfrnet', 'stage1', 'stage2', 'opencv_ns', 'opencv_telea'] as const;
type Method = (typeof METHODS)[number];
interface Sums { psnr: number; ssim: number; l1: number; identity: number; sharp: number; nSharp: number; xy: number; xyBlocks: number; n: number }
const DIVERSITY_BUCKET = '40-60';
// the large-hole buckets, where stage 3 drew streaks: their x/y excess (src/lib/realism.ts)
const XY_BUCKETS = new Set(['painted', 'edge']);
const DIVERSITY_FACES = 20;
const DIVERSITY_SEEDS = [1, 2, 3, 4];

const { manifest, sessions } = await loadModels(args.models, Number(args.threads));
const R = manifest.R;
const faces = listFaces(args.faces).slice(0, Number(args.n));
if (faces.length === 0) throw new Error(`no faces in ${args.faces}`);
const identity = !args['no-identity'];
// the eyes bucket's boxes are those of the aligned UTKFace crops (src/lib/evalProtocol.ts)
const UTK_EVAL = '../shared/data/faces/eval/utkface';
const buckets = (args.buckets ?? (args.faces.replace(/\/$/, '') === UTK_EVAL ? '20-40,40-60,eyes,painted,edge' : '20-40,40-60,painted,edge')).split(',');
const rows: Record<string, unknown>[] = [];
if (args['full-res']) {
  rows.push(...(await evalFullRes(sessions, manifest, {
    faces, masks: args.masks, buckets, seed: Number(args.seed), identity,
    grid: args['save-grid'], gridRows: Math.min(4, Number(args['grid-rows'])), detail: !args['no-detail'], seams: !args['no-seams'], crop: args.crop === 'app' ? 'app' : 'whole',
  })));
}

for (const bucket of args['full-res'] ? [] : buckets) {
  const { faces: bucketFaces, hole } = await bucketHoles(bucket, faces, args.masks);
  const sums = Object.fromEntries(METHODS.map((m) => [m, { psnr: 0, ssim: 0, l1: 0, identity: 0, sharp: 0, nSharp: 0, xy: 0, xyBlocks: 0, n: 0 }])) as Record<Method, Sums>;
  const grid: Uint8ClampedArray[][] = [];
  const seedGrid: Uint8ClampedArray[][] = [];
  const div = { stage1: { pair: 0, err: 0 }, stage2: { pair: 0, err: 0 }, isfrnet: { pair: 0, err: 0 } };
  let divFaces = 0;
  const started = performance.now();
  for (let i = 0; i < bucketFaces.length; i++) {
    const face = await loadFace(bucketFaces[i], R);
    const mask = await hole(i, R);
    const stages = await restoreStages(face, mask, Number(args.seed) + i);
    const results: Record<Method, Uint8ClampedArray> = {
      stage1: stages[0],
      stage2: stages[1],
      isfrnet: stages[2],
      opencv_ns: await opencvInpaint(face, mask, R, 'ns'),
      opencv_telea: await opencvInpaint(face, mask, R, 'telea'),
    };
    const gt = { data: face, width: R, height: R, channels: 4 };
    const original = identity ? await faceDescriptor(face, R) : undefined;
    for (const m of METHODS) {
      const img = { data: results[m], width: R, height: R, channels: 4 };
      const s = sums[m];
      s.psnr += psnr(img, gt);
      s.ssim += ssim(img, gt);
      s.l1 += meanL1(img, gt);
      const sh = sharpness(img, gt, mask);
      if (sh !== null) {
        s.sharp += sh;
        s.nSharp++;
      }
      if (XY_BUCKETS.has(bucket)) {
        const t = xyExcessTerms(img, gt, mask);
        s.xy += t.sum;
        s.xyBlocks += t.blocks;
      }
      if (original) s.identity += identitySimilarity(await faceDescriptor(results[m], R), original);
      s.n++;
    }
    if (bucket === DIVERSITY_BUCKET && i < DIVERSITY_FACES) {
      const runs: Uint8ClampedArray[][] = [];
      for (const seed of DIVERSITY_SEEDS) runs.push(await restoreStages(face, mask, seed)); // one session run at a time
      (['stage1', 'stage2', 'isfrnet'] as const).forEach((m, k) => {
        const t = diversityTerms(runs.map((r) => ({ data: r[k], width: R, height: R, channels: 4 })), gt, mask);
        div[m].pair += t.pairwise;
        div[m].err += t.error;
      });
      divFaces++;
      if (seedGrid.length < Number(args['grid-rows'])) seedGrid.push([maskedInput(face, mask), ...runs.map((r) => r[2]), face]);
    }
    if (args['save-grid'] && grid.length < Number(args['grid-rows'])) {
      const masked = maskedInput(face, mask);
      const maskImg = new Uint8ClampedArray(R * R * 4);
      for (let p = 0; p < R * R; p++) {
        maskImg.fill(mask[p] ? 255 : 0, p * 4, p * 4 + 3);
        maskImg[p * 4 + 3] = 255;
      }
      grid.push([masked, maskImg, results.stage1, results.stage2, results.isfrnet, results.opencv_ns, face]);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  for (const m of METHODS) {
    const s = sums[m];
    rows.push({
      bucket, method: m, n: s.n, psnr: s.psnr / s.n, ssim: s.ssim / s.n, l1: s.l1 / s.n,
      identity: identity ? s.identity / s.n : null,
      sharpness: s.nSharp ? s.sharp / s.nSharp : null,
      diversity: divFaces && m in div ? div[m as keyof typeof div].pair / div[m as keyof typeof div].err : null,
      xyExcess: s.xyBlocks ? s.xy / s.xyBlocks : null,
      model: manifest.name, R, ssimVariant: 'scikit-image default (7x7 uniform, sample covariance, channel mean)',
      faces: args.faces, seconds: Math.round(seconds),
    });
  }
  if (args['save-grid']) {
    const path = args['save-grid'].replace(/\.png$/i, '') + `_${bucket}.png`;
    await saveGrid(path, grid, R);
    console.error(`grid: ${path}`);
    if (seedGrid.length) {
      const seeds = args['save-grid'].replace(/\.png$/i, '') + '_seeds.png';
      await saveGrid(seeds, seedGrid, R);
      console.error(`seed grid (input, seeds ${DIVERSITY_SEEDS.join(', ')}, original): ${seeds}`);
    }
  }
}

for (const s of Object.values(sessions)) await s.release();
const fmt = (v: unknown, d: number) => (typeof v === 'number' ? v.toFixed(d) : '-');
console.log(`\n${'bucket'.padEnd(8)} ${'method'.padEnd(13)} ${'n'.padStart(4)} ${'PSNR'.padStart(7)} ${'SSIM'.padStart(7)} ${'L1'.padStart(7)} ${'identity'.padStart(8)} ${'sharp'.padStart(6)} ${'divers'.padStart(6)} ${'x/y'.padStart(6)}`);
for (const r of rows) {
  console.log(`${String(r.bucket).padEnd(8)} ${String(r.method).padEnd(13)} ${String(r.n).padStart(4)} ${fmt(r.psnr, 2).padStart(7)} ${fmt(r.ssim, 4).padStart(7)} ${fmt(r.l1, 4).padStart(7)} ${fmt(r.identity, 4).padStart(8)} ${fmt(r.sharpness, 3).padStart(6)} ${fmt(r.diversity, 3).padStart(6)} ${fmt(r.xyExcess, 3).padStart(6)}`);
}
for (const r of rows.filter((r) => r.method === 'isfrnet' && typeof r.holePainted === 'number')) {
  console.log(`${r.bucket}: hole as painted ${(100 * (r.holePainted as number)).toFixed(1)}% of the image, as the model gets it at R ${(100 * (r.holeAtR as number)).toFixed(1)}%` +
    (r.crop === 'app' ? `; the detector's crop (no face found on ${r.facesNotFound} of ${r.n}: the whole image), the wider pass on ${r.widerPasses}` : ''));
}
console.log('');
for (const r of rows) console.log(JSON.stringify(r));
if (args.out) appendFileSync(args.out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

/** The three stage composites of one run, 8-bit RGBA as the user gets them. */
async function restoreStages(face: Uint8ClampedArray, mask: Float32Array, seed: number): Promise<Uint8ClampedArray[]> {
  const stages: Uint8ClampedArray[] = [];
  await runPipeline(sessions, manifest, { rgba: face, mask, seed }, {
    onRunning: () => {},
    onStage: (_stage, comp) => stages.push(nchwToRgba(comp, R, R)),
    isStale: () => false,
  });
  return stages;
}

/** The face with its hole painted white, as the grids show the input. */
function maskedInput(face: Uint8ClampedArray, mask: Float32Array): Uint8ClampedArray {
  const out = face.slice();
  for (let p = 0; p < mask.length; p++) if (mask[p]) out.fill(255, p * 4, p * 4 + 3);
  return out;
}
