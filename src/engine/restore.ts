// The Restore action: crop + mask at model resolution -> worker -> stage previews -> paste-back
// into the full-resolution photo. Reads and writes the store; holds no state of its own.
import { useAppStore } from '../store';
import { engine, recycleEngine, restartEngine } from './instance';
import { fillOnlyOutside, nothingToRun, pasteRestored, runInput } from './runInput';

/** Counts restores, so an older one (even on a replaced worker) never writes over a newer one. */
let latestRestore = 0;

export async function restore(): Promise<void> {
  const s = useAppStore.getState();
  const { photo, crop, model, strokes, seed, maskVersion } = s;
  if (!photo || !crop || !model) return;
  const R = model.R;
  const { rgba, mask, masked } = runInput(photo, crop, strokes, R);
  const nothing = nothingToRun(strokes, mask);
  const onlyOutside = nothing ? fillOnlyOutside(photo, crop, strokes) : null;
  s.setNotice(onlyOutside ? null : nothing);
  if (onlyOutside) {
    // all the paint lies outside the face box: no face to restore, the classical fill does it all
    s.patchInference({ status: 'done', stage: null, error: null, previews: {}, stageMs: {}, restored: { ...onlyOutside, width: photo.width, height: photo.height, crop, maskVersion, seed, face: false } });
    s.setMainView('compare');
    return;
  }
  if (nothing) return;
  s.patchInference({ status: 'running', stage: null, download: null, error: null, restored: null, previews: { masked }, stageMs: {} });
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
    const pasted = pasteRestored(photo, crop, strokes, final, R);
    useAppStore.getState().patchInference({
      status: 'done',
      stage: null,
      restored: { ...pasted, width: photo.width, height: photo.height, crop, maskVersion, seed, face: true },
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
