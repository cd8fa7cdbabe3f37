// Which stage's face goes into the photo. Stage 3 by default; where it draws something wrong (a
// speckled mouth, a ghost eye on a crop far from how the training faces sit) the calmer stage 2,
// or stage 1's imagined face, can be taken instead: the same full-resolution paste-back, with that
// stage's composite for every face and for the wider pass around them.
import type { FaceResult, PhotoPixels } from '../lib/runInput';
import type { MaskOp } from '../lib/strokes';
import { useAppStore } from '../store';
import type { RestoredPhoto } from '../store/inferenceSlice';
import type { StageName } from '../worker/protocol';
import { pasteInWorker } from './photoWorker';

/** Each stage's composite of one crop. */
export type ByStage = Partial<Record<StageName, Uint8ClampedArray>>;

/** A face as pasted (stage 3's in `restored`) with every stage's composite. */
export type StagedFace = FaceResult & { byStage: ByStage };

/** What a paste-back gives the store's result (the rest of RestoredPhoto stays). */
type PastedPart = Pick<RestoredPhoto, 'pixels' | 'outsideFilled' | 'cropViews' | 'changed'>;

/** What the current result was pasted from (Restore and Imagine's pick say so), and its paste. */
interface PastedFrom {
  photo: PhotoPixels;
  strokes: readonly MaskOp[];
  R: number;
  /** The main face first, then the others. */
  faces: StagedFace[];
  context?: StagedFace;
  /** Stage 3's paste-back, made by the caller. */
  pasted: PastedPart;
}

let from: PastedFrom | null = null;
/** Each stage's paste-back of the current result, once made: going back to one costs nothing. */
let pastes: Partial<Record<StageName, PastedPart>> = {};
let latest = 0;
let pending: Promise<void> = Promise.resolve();

/** Restore and Imagine call this with each result they paste (stage 3's). */
export function rememberPaste(p: PastedFrom): void {
  from = p;
  pastes = { refine: p.pasted };
  latest++; // a stage paste still in flight is for the result before
}

/** Settles when the latest stage's paste-back is in the store: Download waits for it. */
export const stageSettled = (): Promise<void> => pending;

/** Puts `stage`'s face into the photo in place of the one there now. */
export async function pickStage(stage: StageName): Promise<void> {
  const s = useAppStore.getState();
  const restored = s.restored;
  if (!from || !restored?.stagesPickable || !from.faces[0].byStage[stage] || from.photo.pixels !== s.photo?.pixels) return;
  if ((restored.stage ?? 'refine') === stage) return;
  const mine = ++latest;
  const { photo, strokes, R, faces, context } = from;
  const at = (f: StagedFace): FaceResult => ({ crop: f.crop, input: f.input, restored: f.byStage[stage] ?? f.restored });
  const made = pastes;
  const paste = made[stage] ? Promise.resolve(made[stage]) : pasteInWorker(photo, strokes, R, faces.map(at), context && at(context));
  pending = paste.then(() => {}, () => {});
  try {
    const pasted = await paste;
    made[stage] = pasted;
    // a newer pick, Restore or photo took over meanwhile
    if (mine !== latest || useAppStore.getState().restored !== restored) return;
    useAppStore.getState().patchInference({ restored: { ...restored, ...pasted, stage } });
  } catch (err) {
    if (mine === latest) useAppStore.getState().setNotice(err instanceof Error ? err.message : String(err));
  }
}
