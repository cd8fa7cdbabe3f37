import type { StateCreator } from 'zustand';
import type { CropRect } from '../lib/geometry';
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
  setEngine(state: InferenceSlice['engineState'], backend: BackendInfo | null, model: ModelInfo | null, error?: string): void;
  setBackend(backend: BackendInfo): void;
  setSeed(seed: number): void;
  patchInference(patch: Partial<Pick<InferenceSlice, 'status' | 'stage' | 'download' | 'previews' | 'stageMs' | 'restored' | 'error'>>): void;
  resetInference(): void;
}

export const createInferenceSlice: StateCreator<AppState, [], [], InferenceSlice> = (set) => ({
  engineState: 'starting',
  backend: null,
  model: null,
  status: 'idle',
  stage: null,
  download: null,
  previews: {},
  stageMs: {},
  restored: null,
  error: null,
  seed: randomSeed(),
  setEngine: (engineState, backend, model, error) => set({ engineState, backend, model, error: error ?? null }),
  setBackend: (backend) => set({ backend }),
  setSeed: (seed) => set({ seed: Math.max(0, Math.floor(seed)) >>> 0 }),
  patchInference: (patch) => set(patch),
  resetInference: () =>
    set((s) => ({
      status: 'idle',
      stage: null,
      download: null,
      previews: {},
      stageMs: {},
      restored: null,
      // An engine failure (no model) stays visible; a failed run's message does not outlive the photo.
      error: s.engineState === 'failed' ? s.error : null,
    })),
});
