import type { StateCreator } from 'zustand';
import type { CropRect, ImageRect } from '../lib/geometry';
import { randomSeed } from '../lib/rng';
import type { BackendInfo, ModelInfo, StageName } from '../worker/protocol';
import type { AppState } from './index';

export type InferenceStatus = 'idle' | 'downloading' | 'running' | 'done' | 'error';

/** R x R RGBA previews: the masked input and each stage's composite. */
export type StagePreviews = Partial<Record<'masked' | StageName, Uint8ClampedArray>>;

export interface RestoredPhoto {
  pixels: Uint8ClampedArray;
  width: number;
  height: number;
  /** The crop and mask version it was made from, to tell when it is out of date. */
  crop: CropRect;
  maskVersion: number;
  seed: number;
  /** Whether the face model ran (false: all the paint lay outside the crop). */
  face: boolean;
  /** Which stage's face is in the photo (engine/stagePick.ts); absent: stage 3, the refine stage. */
  stage?: StageName;
  /** Whether another stage's face can be put in: the run's inputs are at hand (not after a reload). */
  stagesPickable?: boolean;
  /** How many faces the face model restored (the crop box's and others with paint); absent: 1. */
  faces?: number;
  /** Whether paint around the face box was filled by the model from the wider context crop. */
  context?: boolean;
  /** Painted pixels outside the crop, filled by the classical fill (not the face model). */
  outsideFilled: number;
  /** What the person waited, from the Restore click to the result on screen, and what it went to. */
  timing?: RestoreTiming;
  /** The crop's pixels before and after, cut out in the photo worker (the comparison's "Face" view). */
  cropViews?: { before: Uint8ClampedArray; after: Uint8ClampedArray };
  /**
   * Where the result differs from the photo and its pixels there (what the session saves), found
   * in the photo worker; null: nowhere. Absent: not known yet (the session finds it itself).
   */
  changed?: { rect: ImageRect; pixels: Uint8ClampedArray } | null;
}

export interface RestoreTiming {
  feltMs: number;
  /** Before the first stage ran: starting the worker, downloading and opening the graphs. */
  preparingMs: number;
  /** The three graphs. */
  modelMs: number;
  /** Crop, hole, paste-back at full resolution, detail and classical fill. */
  photoMs: number;
}

/** One of the "Imagine 4" results: its seed, its stage previews and timings (R x R). */
export interface Variant {
  seed: number;
  previews: StagePreviews;
  stageMs: Partial<Record<StageName, number>>;
}

export interface InferenceSlice {
  engineState: 'starting' | 'ready' | 'failed';
  backend: BackendInfo | null;
  model: ModelInfo | null;
  status: InferenceStatus;
  stage: StageName | null;
  download: { loaded: number; total: number } | null;
  previews: StagePreviews;
  stageMs: Partial<Record<StageName, number>>;
  restored: RestoredPhoto | null;
  error: string | null;
  seed: number;
  /** Results of the last "Imagine 4", in the order they finished; empty when there is none. */
  variants: Variant[];
  /** How many variants the last "Imagine 4" asked for (thumbnails still pending show as such). */
  variantsWanted: number;
  setEngine(state: InferenceSlice['engineState'], backend: BackendInfo | null, model: ModelInfo | null, error?: string): void;
  setBackend(backend: BackendInfo): void;
  setSeed(seed: number): void;
  patchInference(patch: Partial<Pick<InferenceSlice, 'status' | 'stage' | 'download' | 'previews' | 'stageMs' | 'restored' | 'error' | 'variants' | 'variantsWanted'>>): void;
  resetInference(): void;
}

/** The state of no run at all: where a new slice starts and where a new photo resets to. */
const noRun = {
  status: 'idle',
  stage: null,
  download: null,
  previews: {},
  stageMs: {},
  restored: null,
  variants: [],
  variantsWanted: 0,
} satisfies Partial<InferenceSlice>;

export const createInferenceSlice: StateCreator<AppState, [], [], InferenceSlice> = (set) => ({
  engineState: 'starting',
  backend: null,
  model: null,
  ...noRun,
  error: null,
  seed: randomSeed(),
  setEngine: (engineState, backend, model, error) => set({ engineState, backend, model, error: error ?? null }),
  setBackend: (backend) => set({ backend }),
  setSeed: (seed) => set({ seed: Math.max(0, Math.floor(seed)) >>> 0 }),
  patchInference: (patch) => set(patch),
  resetInference: () =>
    set((s) => ({
      ...noRun,
      // An engine failure (no model) stays visible; a failed run's message does not outlive the photo.
      error: s.engineState === 'failed' ? s.error : null,
    })),
});
