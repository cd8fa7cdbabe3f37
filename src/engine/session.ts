// Nothing a person made is lost to a reload, a crash, a discarded tab or a mis-click on close:
// the session (the photo's file as it came, the crop, the strokes, the seed and the last result)
// is kept in this browser's IndexedDB as it changes, and offered back on the next visit.
//
// Bounded: one session, the original file once, the result only as the rectangle where it differs
// from the photo (raw RGBA, so it comes back byte for byte) plus its four small stage previews.
// Nothing leaves the device. A session saved under another model keeps its photo, crop and strokes;
// its result is dropped, since the model that made it is gone.
import { cutRect } from '../lib/cutRect';
import { diffRect } from '../lib/diffRect';
import type { CropRect, ImageRect } from '../lib/geometry';
import type { MaskOp } from '../lib/strokes';
import { useAppStore } from '../store';
import type { Photo } from '../store/imageSlice';
import type { StagePreviews } from '../store/inferenceSlice';
import type { StageName } from '../worker/protocol';

const DB_NAME = 'mend';
const STORE = 'session';
const KEY = 'current';
const SAVE_DELAY_MS = 400;

interface SavedResult {
  rect: ImageRect;
  /** RGBA of `rect`, row-major. */
  pixels: Blob;
  crop: CropRect;
  seed: number;
  face: boolean;
  /** Which stage's face is in it (absent: stage 3; saved before there was a choice). */
  stage?: StageName;
  outsideFilled: number;
  /** Whether the mask had not changed since this result was made. */
  current: boolean;
  previews: Partial<Record<keyof StagePreviews, Blob>>;
  stageMs: Partial<Record<string, number>>;
  R: number;
}

interface SavedSession {
  version: 1;
  savedAt: number;
  model: string | null;
  file: File;
  crop: CropRect | null;
  strokes: MaskOp[];
  seed: number;
  result: SavedResult | null;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openDb();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const readSaved = () => withStore<SavedSession | undefined>('readonly', (s) => s.get(KEY) as IDBRequest<SavedSession | undefined>);
const writeSaved = (session: SavedSession) => withStore('readwrite', (s) => void s.put(session, KEY));
const deleteSaved = () => withStore('readwrite', (s) => void s.delete(KEY));

/** A result that changed nothing is saved as its first pixel (a saved result always has a rectangle). */
const NOWHERE: ImageRect = { x: 0, y: 0, width: 1, height: 1 };

function changedPart(result: Uint8ClampedArray, photo: Uint8ClampedArray, width: number, height: number) {
  const rect = diffRect(result, photo, width, height);
  return rect && { rect, pixels: cutRect(result, width, rect) };
}

const blobOf = (px: Uint8ClampedArray) => new Blob([px as Uint8ClampedArray<ArrayBuffer>]);
const pixelsOf = async (b: Blob) => new Uint8ClampedArray(await b.arrayBuffer());

/** The result as it will be saved; kept per result object so an unchanged one is not cut again. */
const resultCache = new WeakMap<object, Promise<SavedResult | null>>();

function savedResult(): Promise<SavedResult | null> {
  const s = useAppStore.getState();
  const { photo, restored, model } = s;
  if (!photo || !restored || !model) return Promise.resolve(null);
  const current = restored.maskVersion === s.maskVersion && restored.crop === s.crop;
  const cached = resultCache.get(restored);
  if (cached) return cached.then((r) => r && { ...r, current });
  const made = (async (): Promise<SavedResult | null> => {
    // found in the photo worker with the paste-back; a result made here (the classical fill alone) is scanned here
    const changed = restored.changed !== undefined ? restored.changed : changedPart(restored.pixels, photo.pixels, photo.width, photo.height);
    const rect = changed?.rect ?? NOWHERE;
    const pixels = changed?.pixels ?? cutRect(restored.pixels, photo.width, NOWHERE);
    const previews: SavedResult['previews'] = {};
    for (const [k, v] of Object.entries(s.previews)) if (v) previews[k as keyof StagePreviews] = blobOf(v);
    return {
      rect, pixels: blobOf(pixels), crop: restored.crop, seed: restored.seed,
      face: restored.face, stage: restored.stage, outsideFilled: restored.outsideFilled, current, previews, stageMs: { ...s.stageMs }, R: model.R,
    };
  })();
  resultCache.set(restored, made);
  return made;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let saving: Promise<void> = Promise.resolve();

async function saveNow(): Promise<void> {
  const s = useAppStore.getState();
  if (!s.photo?.file) return;
  const session: SavedSession = {
    version: 1, savedAt: Date.now(), model: s.model?.name ?? null, file: s.photo.file,
    crop: s.crop, strokes: s.strokes, seed: s.seed, result: await savedResult(),
  };
  try {
    await writeSaved(session);
    useAppStore.getState().setSavedAt(session.savedAt);
  } catch (e) {
    // Private windows or a full disk: say so once; the work itself is not affected.
    useAppStore.getState().setSavedAt(null);
    console.warn('session not saved', e);
  }
}

function scheduleSave(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    saving = saving.then(saveNow, saveNow);
  }, SAVE_DELAY_MS);
}

/** Saves on every change of what the person made; offers a session an earlier visit left. */
export async function startSessionKeeping(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  useAppStore.subscribe((s, prev) => {
    if (!s.photo) return;
    if (s.photo !== prev.photo || s.crop !== prev.crop || s.strokes !== prev.strokes || s.restored !== prev.restored || s.seed !== prev.seed) {
      if (s.photo !== prev.photo) useAppStore.getState().setRecovery(null); // a new photo replaces the old session
      scheduleSave();
    }
  });
  try {
    const saved = await readSaved();
    if (saved && !useAppStore.getState().photo) {
      const bytes = saved.file.size + (saved.result ? saved.result.pixels.size + Object.values(saved.result.previews).reduce((n, b) => n + (b?.size ?? 0), 0) : 0);
      useAppStore.getState().setRecovery({ name: saved.file.name, savedAt: saved.savedAt, strokes: saved.strokes.length, hasResult: !!saved.result, bytes });
    }
  } catch (e) {
    console.warn('saved session unreadable', e);
  }
}

/** Continue: the saved photo (decoded by `open`, the UI's loader), crop, strokes, seed and result come back as they were. */
export async function resumeSession(open: (file: File) => Promise<Photo>): Promise<void> {
  const saved = await readSaved();
  const s = useAppStore.getState();
  s.setRecovery(null);
  if (!saved) return;
  let photo;
  try {
    photo = await open(saved.file);
  } catch (e) {
    s.setNotice(`The saved photo could not be opened again (${e instanceof Error ? e.message : String(e)}).`);
    return;
  }
  s.setPhoto(photo);
  if (saved.crop) s.setCrop(saved.crop);
  s.loadMask(saved.strokes);
  s.setSeed(saved.seed);
  const r = saved.result;
  const now = useAppStore.getState();
  if (r && (!saved.model || saved.model === now.model?.name || !now.model)) {
    const pixels = new Uint8ClampedArray(photo.pixels);
    const rect = await pixelsOf(r.pixels);
    for (let y = 0; y < r.rect.height; y++) pixels.set(rect.subarray(y * r.rect.width * 4, (y + 1) * r.rect.width * 4), ((r.rect.y + y) * photo.width + r.rect.x) * 4);
    const previews: StagePreviews = {};
    for (const [k, b] of Object.entries(r.previews)) if (b) previews[k as keyof StagePreviews] = await pixelsOf(b);
    const crop = useAppStore.getState().crop!;
    now.patchInference({
      status: 'done', previews, stageMs: r.stageMs ?? {},
      // an out-of-date result stays out of date (its crop or mask version no longer match)
      restored: {
        pixels, width: photo.width, height: photo.height, crop: r.current ? crop : r.crop, maskVersion: r.current ? now.maskVersion : -1,
        seed: r.seed, face: r.face, stage: r.stage, outsideFilled: r.outsideFilled, changed: { rect: r.rect, pixels: rect },
      },
    });
  } else if (r) {
    s.setNotice('The saved result was made by an earlier version of the model; the photo, crop and strokes are back. Press Restore for a new result.');
  }
}

/** Discard: the saved session is deleted from the device. */
export async function discardSession(): Promise<void> {
  useAppStore.getState().setRecovery(null);
  await deleteSaved();
}

/** For the README's "clear it" and tests: wait until pending saves are written. */
export function sessionSaved(): Promise<void> {
  return saving;
}
