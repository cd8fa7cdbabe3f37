// The Restore action: crop + mask at model resolution -> worker -> stage previews -> paste-back
// into the full-resolution photo. Reads and writes the store; holds no state of its own.
import { cropResizeArea } from '../lib/resample';
import { blendRegion, featherFor, featheredAlpha, pasteBack } from '../lib/pasteBack';
import { growStrokes, maskCoverage, rasterizeMask } from '../lib/rasterize';
import { useAppStore } from '../store';
import { engine, recycleEngine, restartEngine } from './instance';

/** The hole shown as the model sees it: zero in [-1, 1], i.e. mid grey. */
function maskedPreview(rgba: Uint8ClampedArray, mask: Float32Array): Uint8ClampedArray {
  const out = rgba.slice();
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] > 0.5) out.set([128, 128, 128], i * 4);
  }
  return out;
}

/** Counts restores, so an older one (even on a replaced worker) never writes over a newer one. */
let latestRestore = 0;

export async function restore(): Promise<void> {
  const s = useAppStore.getState();
  const { photo, crop, model, strokes, seed, maskVersion } = s;
  if (!photo || !crop || !model) return;
  const R = model.R;
  const view = { x: crop.x, y: crop.y, width: crop.size, height: crop.size };
  const margins = featherFor(crop.size, R);
  const mask = rasterizeMask(growStrokes(strokes, margins.modelGrow), view, R, R);
  if (maskCoverage(mask) === 0) {
    s.setNotice(strokes.length ? 'The painted area lies outside the crop box. Move the box over it, or paint inside it.' : 'Paint over the missing or damaged part of the face first.');
    return;
  }
  s.setNotice(null);
  const rgba = cropResizeArea(photo.pixels, photo.width, photo.height, crop, R);
  s.patchInference({ status: 'running', stage: null, download: null, error: null, restored: null, previews: { masked: maskedPreview(rgba, mask) }, stageMs: {} });
  const client = engine();
  const mine = ++latestRestore;
  try {
    const outcome = await client.run(rgba, mask, seed, {
      onDownload: (loaded, total) => useAppStore.getState().patchInference({ status: 'downloading', download: { loaded, total } }),
      onRunning: (stage) => useAppStore.getState().patchInference({ status: 'running', stage }),
      onStage: (stage, pixels, ms) => {
        const st = useAppStore.getState();
        st.patchInference({ previews: { ...st.previews, [stage]: pixels }, stageMs: { ...st.stageMs, [stage]: ms } });
      },
    });
    if (outcome.kind === 'superseded' || mine !== latestRestore) return;
    const final = useAppStore.getState().previews.refine;
    if (!final) throw new Error('The refine stage returned no image.');
    // Full-resolution hole from the same strokes, so the blend follows what was painted, not
    // R-sized cells; only over the rectangle the blend can reach.
    const region = blendRegion(strokes, crop, margins);
    if (!region) throw new Error('The painted area lies outside the crop box.');
    const hole = rasterizeMask(strokes, region, region.width, region.height);
    const alpha = featheredAlpha(hole, region.width, region.height, margins);
    const pixels = pasteBack(photo.pixels, photo.width, photo.height, final, R, crop, alpha, region);
    useAppStore.getState().patchInference({
      status: 'done',
      stage: null,
      restored: { pixels, width: photo.width, height: photo.height, crop, maskVersion, seed },
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

/** The Retry button: restarts an engine that failed to start, then runs the restore again. */
export async function retry(): Promise<void> {
  useAppStore.getState().patchInference({ error: null, status: 'idle' });
  if (useAppStore.getState().engineState === 'failed') await restartEngine();
  if (useAppStore.getState().engineState === 'ready' && useAppStore.getState().photo) await restore();
}
