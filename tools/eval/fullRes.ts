// npm run eval -- --full-res: the shared protocol at each face's own resolution, through the
// app's own pipeline code: the whole (centre-square) face as the crop, the hole the model gets
// by the app's rule (cells at least half painted, the rest cleaned of the damage:
// src/lib/modelHole.ts), the three graphs, and the paste-back over exactly
// the hole at full resolution (src/lib/pasteBack.ts). Navier-Stokes and Telea run at full
// resolution on the same holes. Also reported: the hole's share of the image as painted and as
// the model receives it at R.
import { contextCrop, paintBeyondFaces } from '../../src/lib/contextCrop';
import { detailSampler } from '../../src/lib/detail';
import { cropForFace, faceCropConvention } from '../../src/lib/faceCrop';
import type { CropRect } from '../../src/lib/geometry';
import { fillPaintedOutsideCrops } from '../../src/lib/outsideFill';
import { inputFromPainted, pastePainted } from '../../src/lib/runInput';
import { findFaces } from '../facecrop/nodeDetector';
import type { GraphName, Manifest } from '../../src/lib/manifest';
import { meanL1, psnr, ssim } from '../../src/lib/metrics';
import { featherFor, featheredAlpha, pasteBack } from '../../src/lib/pasteBack';
import { sharpness } from '../../src/lib/realism';
import { nchwToRgba } from '../../src/lib/tensor';
import { runPipeline } from '../../src/worker/pipeline';
import type { GraphSession } from '../../src/worker/runtime';
import { saveGrid } from './grid';
import { faceDescriptor, identitySimilarity } from './identity';
import { bucketHoles, loadFace, nativeSize } from './images';
import { opencvInpaint } from './opencvInpaint';

const METHODS = ['isfrnet', 'opencv_ns', 'opencv_telea'] as const;
type Method = (typeof METHODS)[number];

export interface FullResOptions {
  faces: string[];
  masks: string;
  buckets: string[];
  seed: number;
  identity: boolean;
  grid?: string;
  gridRows: number;
  /** Add the photo's own detail to the fill (src/lib/detail.ts), as the app does. */
  detail: boolean;
  /** Carry the photo's values across the hole's edge (seamMembrane in src/lib/pasteBack.ts), as the app does. */
  seams: boolean;
  /** 'whole': the whole image is the face crop; 'app': the face detector's crop, as the app does (the whole image when it finds none). */
  crop: 'whole' | 'app';
}

/** One crop through the three graphs: its input and the refined R x R RGBA. */
async function runCrop(sessions: Record<GraphName, GraphSession>, manifest: Manifest, face: Uint8ClampedArray, size: number, hole: Float32Array, crop: CropRect, seed: number) {
  const input = inputFromPainted({ pixels: face, width: size, height: size }, crop, { rect: { x: 0, y: 0, width: size, height: size }, bitmap: hole }, manifest.R);
  let final: Float32Array | undefined;
  await runPipeline(sessions, manifest, { rgba: input.rgba, mask: input.mask, seed }, {
    onRunning: () => {},
    onStage: (_s, comp) => (final = comp),
    isStale: () => false,
  });
  return { input, restored: nchwToRgba(final!, manifest.R, manifest.R) };
}

/** The hole's pixels inside `crop`, as pastePainted takes them. */
function paintIn(hole: Float32Array, size: number, crop: CropRect) {
  const bitmap = new Float32Array(crop.size * crop.size);
  for (let y = 0; y < crop.size; y++) bitmap.set(hole.subarray((crop.y + y) * size + crop.x, (crop.y + y) * size + crop.x + crop.size), y * crop.size);
  return { rect: { x: crop.x, y: crop.y, width: crop.size, height: crop.size }, bitmap };
}

/**
 * One face restored by the app's path at its own resolution: the downloaded pixels. `crop` null:
 * the whole image is the face crop. Otherwise as the app does with a detected face: that crop,
 * the wider pass around it where paint lies beyond it (src/lib/contextCrop.ts), and the classical
 * fill for paint beyond both.
 */
export async function restoreFullRes(
  sessions: Record<GraphName, GraphSession>, manifest: Manifest, face: Uint8ClampedArray, size: number, hole: Float32Array, seed: number, withDetail = true,
  crop: CropRect | null = null, seams = true,
): Promise<{ pixels: Uint8ClampedArray; modelHole: Float32Array; wider: boolean }> {
  const R = manifest.R;
  const faceCrop = crop ?? { x: 0, y: 0, size };
  const main = await runCrop(sessions, manifest, face, size, hole, faceCrop, seed);
  const photo = { pixels: face, width: size, height: size };
  if (!crop) {
    // the whole image: one paste-back (the detail step can be left out to measure it)
    const alpha = featheredAlpha(hole, size, size, featherFor(size, R));
    const detail = withDetail ? detailSampler({ photo: face, width: size, height: size, crop: faceCrop, R, cropAtR: main.input.rgba, painted: main.input.painted, restored: main.restored }) : null;
    return { pixels: pasteBack(face, size, size, main.restored, R, faceCrop, alpha, undefined, detail, seams ? hole : null), modelHole: main.input.mask, wider: false };
  }
  const wide = contextCrop(faceCrop, size, size);
  const wideRun = wide ? await runCrop(sessions, manifest, face, size, hole, wide, seed) : null;
  const useWide = wide && wideRun && paintBeyondFaces(wideRun.input.painted, wide, [faceCrop], R) ? wide : undefined;
  let pixels = face;
  if (useWide) pixels = pastePainted({ ...photo, pixels }, useWide, paintIn(hole, size, useWide), wideRun!.restored, R, wideRun!.input, undefined, seams);
  pixels = pastePainted({ ...photo, pixels }, faceCrop, paintIn(hole, size, faceCrop), main.restored, R, main.input, useWide, seams);
  if (pixels === face) pixels = face.slice();
  fillPaintedOutsideCrops(pixels, size, size, useWide ? [faceCrop, useWide] : [faceCrop], hole);
  return { pixels, modelHole: main.input.mask, wider: !!useWide };
}

export async function evalFullRes(sessions: Record<GraphName, GraphSession>, manifest: Manifest, o: FullResOptions): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const bucket of o.buckets) {
    const sums = Object.fromEntries(METHODS.map((m) => [m, { psnr: 0, ssim: 0, l1: 0, identity: 0, sharp: 0, nSharp: 0, n: 0 }]));
    let painted = 0, atR = 0, notFound = 0, wider = 0;
    const grid: Uint8ClampedArray[][] = [];
    let gridSize = 0;
    const started = performance.now();
    const { faces, hole: holeAt } = await bucketHoles(bucket, o.faces, o.masks);
    for (let i = 0; i < faces.length; i++) {
      const size = await nativeSize(faces[i]);
      const face = await loadFace(faces[i], size);
      const hole = await holeAt(i, size);
      // what the person has: the photo with the hole destroyed (so nothing of the truth can leak in)
      const damaged = face.slice();
      for (let p = 0; p < hole.length; p++) if (hole[p]) damaged.fill(255, p * 4, p * 4 + 3);
      let crop: CropRect | null = null;
      if (o.crop === 'app') {
        // the detector sees what the person has: the damaged photo
        const [best] = await findFaces(damaged, size, size);
        if (best) crop = cropForFace(best, faceCropConvention(manifest), size, size);
        else notFound++;
      }
      const { pixels, modelHole, wider: w } = await restoreFullRes(sessions, manifest, damaged, size, hole, o.seed + i, o.detail, crop, o.seams);
      if (w) wider++;
      painted += hole.reduce((a, b) => a + b, 0) / hole.length;
      atR += modelHole.reduce((a, b) => a + b, 0) / modelHole.length;
      const results: Record<Method, Uint8ClampedArray> = {
        isfrnet: pixels,
        opencv_ns: await opencvInpaint(face, hole, size, 'ns'),
        opencv_telea: await opencvInpaint(face, hole, size, 'telea'),
      };
      const gt = { data: face, width: size, height: size, channels: 4 };
      const original = o.identity ? await faceDescriptor(face, size) : undefined;
      for (const m of METHODS) {
        const img = { data: results[m], width: size, height: size, channels: 4 };
        const s = sums[m];
        s.psnr += psnr(img, gt);
        s.ssim += ssim(img, gt);
        s.l1 += meanL1(img, gt);
        const sh = sharpness(img, gt, hole);
        if (sh !== null) {
          s.sharp += sh;
          s.nSharp++;
        }
        if (original) s.identity += identitySimilarity(await faceDescriptor(results[m], size), original);
        s.n++;
      }
      if (o.grid && grid.length < o.gridRows && (gridSize === 0 || gridSize === size)) {
        gridSize = size;
        grid.push([damaged, results.isfrnet, results.opencv_ns, face]);
      }
    }
    const n = faces.length;
    for (const m of METHODS) {
      const s = sums[m];
      rows.push({
        fullRes: true, bucket, method: m, n: s.n, psnr: s.psnr / s.n, ssim: s.ssim / s.n, l1: s.l1 / s.n,
        identity: o.identity ? s.identity / s.n : null, sharpness: s.nSharp ? s.sharp / s.nSharp : null,
        detail: o.detail, seams: o.seams, crop: o.crop, facesNotFound: o.crop === 'app' ? notFound : null, widerPasses: o.crop === 'app' ? wider : null, holePainted: painted / n, holeAtR: atR / n, model: manifest.name, R: manifest.R, seconds: Math.round((performance.now() - started) / 1000),
      });
    }
    if (o.grid && grid.length) {
      const path = o.grid.replace(/\.png$/i, '') + `_fullres_${bucket}.png`;
      await saveGrid(path, grid, gridSize);
      console.error(`grid at 1:1 (input, isfrnet, Navier-Stokes, original): ${path}`);
    }
  }
  return rows;
}
