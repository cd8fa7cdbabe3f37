// The Restore action: crop + mask at model resolution -> worker -> stage previews -> paste-back
// into the full-resolution photo. Reads and writes the store; holds no state of its own.
import { useAppStore } from '../store';
import { engine, recycleEngine, restartEngine } from './instance';
import { contextCrop, paintBeyondFaces } from '../lib/contextCrop';
import type { CropRect } from '../lib/geometry';
import { fillOnlyOutside, nothingToRun, type RunInput } from '../lib/runInput';
import { inputsInWorker, pasteInWorker } from './photoWorker';
import { rememberPaste, type ByStage, type StagedFace } from './stagePick';

/** Counts restores, so an older one (even on a replaced worker) never writes over a newer one. */
let latestRestore = 0;

export async function restore(): Promise<void> {
  const s = useAppStore.getState();
  const { photo, crop, model, strokes, seed, maskVersion } = s;
  if (!photo || !crop || !model) return;
  const R = model.R;
  const started = performance.now();
  let firstStage = 0;
  const mine = ++latestRestore;
  // Other faces the detector found, with paint on them, get the face model too (unless the person
  // turned that off); the crop box's face runs first and is the one the stage previews show.
  const otherCrops = s.allFaces ? s.faceCrops.filter((c) => overlap(c, crop) < 0.5) : [];
  // Paint just around the face box (hair, ears, the rest of a half-covered face) gets the model
  // too, from a crop twice the size, instead of the smooth classical fill (src/lib/contextCrop.ts).
  const wide = contextCrop(crop, photo.width, photo.height);
  let inputs: RunInput[];
  try {
    // made in the photo worker: reading a 24 MP photo's crops took main-thread tasks of 100-270 ms
    inputs = await inputsInWorker(photo, strokes, R, wide ? [crop, ...otherCrops, wide] : [crop, ...otherCrops]);
  } catch (err) {
    if (mine === latestRestore) useAppStore.getState().patchInference({ status: 'error', stage: null, error: err instanceof Error ? err.message : String(err) });
    return;
  }
  if (mine !== latestRestore || useAppStore.getState().photo !== photo) return;
  const input = inputs[0];
  const { rgba, mask, masked } = input;
  const others = otherCrops.map((c, i) => ({ crop: c, input: inputs[i + 1] })).filter((o) => !nothingToRun(strokes, o.input.mask));
  const wideInput = wide ? inputs[inputs.length - 1] : null;
  const context = wide && wideInput && paintBeyondFaces(wideInput.painted, wide, [crop, ...others.map((o) => o.crop)], R) ? { crop: wide, input: wideInput } : null;
  const nothing = nothingToRun(strokes, mask);
  if (nothing && others.length) {
    // no paint in the box, but on another face: restore that one as the main face
    useAppStore.getState().setCrop(others[0].crop);
    return restore();
  }
  const onlyOutside = nothing ? fillOnlyOutside(photo, crop, strokes) : null;
  s.setNotice(onlyOutside ? null : nothing);
  if (onlyOutside) {
    // all the paint lies outside the face box: no face to restore, the classical fill does it all
    s.patchInference({ status: 'done', stage: null, error: null, previews: {}, stageMs: {}, restored: { ...onlyOutside, width: photo.width, height: photo.height, crop, maskVersion, seed, face: false, faces: 0 } });
    s.setMainView('compare');
    return;
  }
  if (nothing) return;
  // (download stays: it may be the background download this run now waits for)
  s.patchInference({ status: 'running', stage: null, error: null, restored: null, previews: { masked }, stageMs: {} });
  const client = engine();
  // further faces and the wider pass run with the face, stage by stage (src/worker/pipeline.ts)
  const more = [...others.map((o) => o.input), ...(context ? [context.input] : [])];
  const moreResults: { ms: number; byStage: ByStage }[] = more.map(() => ({ ms: 0, byStage: {} }));
  try {
    const outcome = await client.run(rgba, mask, seed, {
      onDownload: (loaded, total) => useAppStore.getState().patchInference({ status: 'downloading', download: { loaded, total } }),
      onRunning: (stage) => {
        firstStage ||= performance.now();
        useAppStore.getState().patchInference({ status: 'running', stage });
      },
      onStage: (stage, pixels, ms) => {
        const st = useAppStore.getState();
        st.patchInference({ previews: { ...st.previews, [stage]: pixels }, stageMs: { ...st.stageMs, [stage]: ms } });
      },
      onMore: (index, stage, pixels, ms) => {
        moreResults[index].byStage[stage] = pixels;
        moreResults[index].ms = ms;
      },
    }, more);
    if (outcome.kind === 'superseded' || mine !== latestRestore) return;
    const { previews } = useAppStore.getState();
    const final = previews.refine;
    if (!final || moreResults.some((r) => !r.byStage.refine)) throw new Error('The refine stage returned no image.');
    // each further face through its own crop (they overlap little; each fills the paint in its box)
    const faces: StagedFace[] = [
      { crop, restored: final, input, byStage: { prior: previews.prior, structure: previews.structure, refine: final } },
      ...others.map((o, i) => ({ crop: o.crop, restored: moreResults[i].byStage.refine!, input: o.input, byStage: moreResults[i].byStage })),
    ];
    const wider = context && moreResults[others.length];
    const contextResult: StagedFace | undefined = context && wider ? { crop: context.crop, restored: wider.byStage.refine!, input: context.input, byStage: wider.byStage } : undefined;
    const modelMs = Object.values(useAppStore.getState().stageMs).reduce((a, b) => a + (b ?? 0), 0) + moreResults.reduce((a, r) => a + r.ms, 0);
    // the full-resolution paste-back in the photo worker: seconds of pixel work on a big photo
    const pasted = await pasteInWorker(photo, strokes, R, faces, contextResult);
    if (mine !== latestRestore || useAppStore.getState().photo !== photo) return;
    rememberPaste({ photo, strokes, R, faces, context: contextResult, pasted }); // for a later pick of another stage's face
    const feltMs = performance.now() - started;
    const preparingMs = (firstStage || started) - started;
    const timing = { feltMs, preparingMs, modelMs, photoMs: Math.max(0, feltMs - preparingMs - modelMs) };
    useAppStore.getState().patchInference({
      status: 'done',
      stage: null,
      restored: { ...pasted, width: photo.width, height: photo.height, crop, maskVersion, seed, face: true, faces: 1 + others.length, context: !!contextResult, timing, stagesPickable: true },
    });
    useAppStore.getState().setMainView('compare');
  } catch (err) {
    // Only the newest run reports; an older one failing late must not hide a newer result.
    if (mine !== latestRestore) return;
    useAppStore.getState().patchInference({ status: 'error', stage: null, error: err instanceof Error ? err.message : String(err) });
    // A failed run may leave the worker's WASM heap or sessions broken: start a fresh one
    // (a crashed worker has already been replaced, and its client is no longer current).
    if (engine() === client) recycleEngine();
  }
}

/** Intersection over union of two crops. */
function overlap(a: CropRect, b: CropRect): number {
  const w = Math.max(0, Math.min(a.x + a.size, b.x + b.size) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.size, b.y + b.size) - Math.max(a.y, b.y));
  const inter = w * h;
  return inter / (a.size * a.size + b.size * b.size - inter);
}

/** The Retry button: restarts an engine that failed to start, then runs the restore again. */
export async function retry(): Promise<void> {
  useAppStore.getState().patchInference({ error: null, status: 'idle' });
  if (useAppStore.getState().engineState === 'failed') await restartEngine();
  if (useAppStore.getState().engineState === 'ready' && useAppStore.getState().photo) await restore();
}
