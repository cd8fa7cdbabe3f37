// npm run eval -- --full-res: the shared protocol at each face's own resolution, through the
// app's own pipeline code: the whole (centre-square) face as the crop, the hole the model gets
// by the app's rule (cells at least half painted, the rest cleaned of the damage:
// src/lib/modelHole.ts), the three graphs, and the paste-back over exactly
// the hole at full resolution (src/lib/pasteBack.ts). Navier-Stokes and Telea run at full
// resolution on the same holes. Also reported: the hole's share of the image as painted and as
// the model receives it at R.
import { BUCKET_START, maskIndex } from '../../src/lib/evalProtocol';
import { detailSampler } from '../../src/lib/detail';
import { inputFromPainted } from '../../src/lib/runInput';
import type { GraphName, Manifest } from '../../src/lib/manifest';
import { meanL1, psnr, ssim } from '../../src/lib/metrics';
import { featherFor, featheredAlpha, pasteBack } from '../../src/lib/pasteBack';
import { sharpness } from '../../src/lib/realism';
import { nchwToRgba } from '../../src/lib/tensor';
import { runPipeline } from '../../src/worker/pipeline';
import type { GraphSession } from '../../src/worker/runtime';
import { saveGrid } from './grid';
import { faceDescriptor, identitySimilarity } from './identity';
import { loadFace, loadMask, nativeSize } from './images';
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
}

/** One face restored by the app's path at its own resolution: the downloaded pixels. */
export async function restoreFullRes(
  sessions: Record<GraphName, GraphSession>, manifest: Manifest, face: Uint8ClampedArray, size: number, hole: Float32Array, seed: number, withDetail = true,
): Promise<{ pixels: Uint8ClampedArray; modelHole: Float32Array }> {
  const R = manifest.R;
  const crop = { x: 0, y: 0, size };
  const input = inputFromPainted({ pixels: face, width: size, height: size }, crop, { rect: { x: 0, y: 0, width: size, height: size }, bitmap: hole }, R);
  const modelHole = input.mask;
  let final: Float32Array | undefined;
  await runPipeline(sessions, manifest, { rgba: input.rgba, mask: modelHole, seed }, {
    onRunning: () => {},
    onStage: (_s, comp) => (final = comp),
    isStale: () => false,
  });
  const alpha = featheredAlpha(hole, size, size, featherFor(size, R));
  const restored = nchwToRgba(final!, R, R);
  const detail = withDetail ? detailSampler({ photo: face, width: size, height: size, crop, R, cropAtR: input.rgba, painted: input.painted, restored }) : null;
  return { pixels: pasteBack(face, size, size, restored, R, crop, alpha, undefined, detail), modelHole };
}

export async function evalFullRes(sessions: Record<GraphName, GraphSession>, manifest: Manifest, o: FullResOptions): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const bucket of o.buckets) {
    const sums = Object.fromEntries(METHODS.map((m) => [m, { psnr: 0, ssim: 0, l1: 0, identity: 0, sharp: 0, nSharp: 0, n: 0 }]));
    let painted = 0, atR = 0;
    const grid: Uint8ClampedArray[][] = [];
    let gridSize = 0;
    const started = performance.now();
    for (let i = 0; i < o.faces.length; i++) {
      const size = await nativeSize(o.faces[i]);
      const face = await loadFace(o.faces[i], size);
      const hole = await loadMask(o.masks, maskIndex(i, o.faces.length, BUCKET_START[bucket]), size);
      // what the person has: the photo with the hole destroyed (so nothing of the truth can leak in)
      const damaged = face.slice();
      for (let p = 0; p < hole.length; p++) if (hole[p]) damaged.fill(255, p * 4, p * 4 + 3);
      const { pixels, modelHole } = await restoreFullRes(sessions, manifest, damaged, size, hole, o.seed + i, o.detail);
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
    const n = o.faces.length;
    for (const m of METHODS) {
      const s = sums[m];
      rows.push({
        fullRes: true, bucket, method: m, n: s.n, psnr: s.psnr / s.n, ssim: s.ssim / s.n, l1: s.l1 / s.n,
        identity: o.identity ? s.identity / s.n : null, sharpness: s.nSharp ? s.sharp / s.nSharp : null,
        detail: o.detail, holePainted: painted / n, holeAtR: atR / n, model: manifest.name, R: manifest.R, seconds: Math.round((performance.now() - started) / 1000),
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
