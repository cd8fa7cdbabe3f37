// Which stage's face goes into the photo. Stage 3 by default; where it draws something wrong (a
// speckled mouth, a ghost eye on a crop far from how the training faces sit) the calmer stage 2,
// or stage 1's imagined face, can be taken instead: the same full-resolution paste-back, with that
// stage's composite as the main face. Other faces and the wider pass keep stage 3.
import type { FaceResult, PhotoPixels } from '../lib/runInput';
import type { MaskOp } from '../lib/strokes';
import { useAppStore } from '../store';
import type { StageName } from '../worker/protocol';
import { pasteInWorker } from './photoWorker';

/** What the current result was pasted from (Restore and Imagine's pick say so). */
interface PastedFrom {
  photo: PhotoPixels;
  strokes: readonly MaskOp[];
  R: number;
  /** The main face first (its `restored` is replaced by the chosen stage), then the others. */
  faces: FaceResult[];
  context?: FaceResult;
}

let from: PastedFrom | null = null;
let latest = 0;
let pending: Promise<void> = Promise.resolve();

/** Restore and Imagine call this with each result they paste (stage 3's). */
export function rememberPaste(p: PastedFrom): void {
  from = p;
  latest++; // a stage paste still in flight is for the result before
}

/** Settles when the latest stage's paste-back is in the store: Download waits for it. */
export const stageSettled = (): Promise<void> => pending;

/** Puts `stage`'s face into the photo in place of the one there now. */
export async function pickStage(stage: StageName): Promise<void> {
  const s = useAppStore.getState();
  const restored = s.restored;
  const face = s.previews[stage];
  if (!from || !restored?.stagesPickable || !face || from.photo.pixels !== s.photo?.pixels) return;
  if ((restored.stage ?? 'refine') === stage) return;
  const mine = ++latest;
  const { photo, strokes, R, faces, context } = from;
  const paste = pasteInWorker(photo, strokes, R, [{ ...faces[0], restored: face }, ...faces.slice(1)], context);
  pending = paste.then(() => {}, () => {});
  try {
    const pasted = await paste;
    // a newer pick, Restore or photo took over meanwhile
    if (mine !== latest || useAppStore.getState().restored !== restored) return;
    useAppStore.getState().patchInference({ restored: { ...restored, ...pasted, stage } });
  } catch (err) {
    if (mine === latest) useAppStore.getState().setNotice(err instanceof Error ? err.message : String(err));
  }
}
