// "Imagine 4": the same crop and mask through the three stages with four seeds (four latents z for
// the prior), one after another on the one worker. The person then picks one; its seed is shown
// and typing it back in reproduces it exactly (the latent is a pure function of the seed).
import { randomSeed } from '../lib/rng';
import { useAppStore } from '../store';
import type { StagePreviews, Variant } from '../store/inferenceSlice';
import { engine } from './instance';
import { nothingToRun, runInput, type RunInput } from '../lib/runInput';
import { inputsInWorker, pasteInWorker } from './photoWorker';
import { quietRun } from './quietRun';
import { rememberPaste, type StagedFace } from './stagePick';
import { contextCrop, paintBeyondFaces } from '../lib/contextCrop';
import type { CropRect } from '../lib/geometry';
import type { MaskOp } from '../lib/strokes';
import type { Photo } from '../store/imageSlice';

export const VARIANT_COUNT = 4;

/** Four different seeds, readable (1..999999). */
function distinctSeeds(n: number): number[] {
  const seeds = new Set<number>();
  while (seeds.size < n) seeds.add(randomSeed());
  return [...seeds];
}

/** What the variants were made from, so picking one later pastes it onto the right photo and crop. */
let madeFrom: { photo: object; crop: import('../lib/geometry').CropRect; strokes: import('../lib/strokes').MaskOp[]; maskVersion: number; input: RunInput } | null = null;

export async function imagine(count = VARIANT_COUNT): Promise<void> {
  const s = useAppStore.getState();
  const { photo, crop, model, strokes, maskVersion } = s;
  if (!photo || !crop || !model) return;
  const input = runInput(photo, crop, strokes, model.R);
  const { rgba, mask, masked } = input;
  const nothing = nothingToRun(strokes, mask);
  s.setNotice(nothing);
  if (nothing) return;
  madeFrom = { photo, crop, strokes, maskVersion, input };
  s.patchInference({ status: 'running', stage: null, download: null, error: null, restored: null, previews: { masked }, stageMs: {}, variants: [], variantsWanted: count });
  try {
    for (const seed of distinctSeeds(count)) {
      let previews: StagePreviews = { masked };
      const stageMs: Variant['stageMs'] = {};
      useAppStore.getState().patchInference({ previews, stageMs: {} });
      const outcome = await engine().run(rgba, mask, seed, {
        onDownload: (loaded, total) => useAppStore.getState().patchInference({ status: 'downloading', download: { loaded, total } }),
        onRunning: (stage) => useAppStore.getState().patchInference({ status: 'running', stage }),
        onStage: (stage, pixels, ms) => {
          previews = { ...previews, [stage]: pixels };
          stageMs[stage] = ms;
          useAppStore.getState().patchInference({ previews, stageMs: { ...stageMs } });
        },
      });
      if (outcome.kind === 'superseded') return; // a Restore or a new photo took over
      const variants = [...useAppStore.getState().variants, { seed, previews, stageMs }];
      useAppStore.getState().patchInference({ variants });
    }
    await pickVariant(0);
    useAppStore.getState().setMainView('compare');
  } catch (err) {
    useAppStore.getState().patchInference({ status: 'error', stage: null, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Counts picks, so a slow paste-back of an earlier pick never lands after a later one. */
let latestPick = 0;
let pending: Promise<void> = Promise.resolve();

/** Settles when the latest pick's paste-back is in the store: Download waits for it, so it saves the face just picked. */
export const pickSettled = (): Promise<void> => pending;

/** Makes variant `i` the result: its stages, its full-resolution paste-back, its seed. */
export async function pickVariant(i: number): Promise<void> {
  const s = useAppStore.getState();
  const v = s.variants[i];
  const final = v?.previews.refine;
  if (!v || !final || !madeFrom || madeFrom.photo !== s.photo || !s.photo || !s.model) return;
  const { crop, strokes, maskVersion, input } = madeFrom;
  const photo = s.photo;
  const R = s.model.R;
  const mine = ++latestPick;
  // the same wider pass as Restore (with this seed), so that typing the seed back in and
  // restoring gives the same download
  let wider: StagedFace | undefined;
  const faces: StagedFace[] = [{ crop, restored: final, input, byStage: { prior: v.previews.prior, structure: v.previews.structure, refine: final } }];
  const paste = widerPass(photo, crop, strokes, R, v.seed).then((context) => {
    wider = context;
    return pasteInWorker(photo, strokes, R, faces, context);
  });
  pending = paste.then(() => {}, () => {});
  const pasted = await paste;
  if (mine !== latestPick || useAppStore.getState().photo !== photo) return;
  rememberPaste({ photo, strokes, R, faces, context: wider, pasted }); // for a later pick of another stage's face
  s.setSeed(v.seed);
  s.patchInference({
    status: 'done',
    stage: null,
    previews: v.previews,
    stageMs: v.stageMs,
    restored: { ...pasted, width: photo.width, height: photo.height, crop, maskVersion, seed: v.seed, face: true, context: !!wider, stagesPickable: true },
  });
}

/** Restore's wider pass around the face crop (src/lib/contextCrop.ts) for a picked variant, when the paint calls for it. */
async function widerPass(photo: Photo, crop: CropRect, strokes: MaskOp[], R: number, seed: number): Promise<StagedFace | undefined> {
  const wide = contextCrop(crop, photo.width, photo.height);
  if (!wide) return undefined;
  const [input] = await inputsInWorker(photo, strokes, R, [wide]);
  if (!paintBeyondFaces(input.painted, wide, [crop], R)) return undefined;
  const wider = await quietRun(engine(), input, seed);
  return wider ? { crop: wide, restored: wider.restored, input, byStage: wider.byStage } : undefined;
}
