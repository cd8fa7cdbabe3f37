// One store, four typed slices (zustand slices pattern). Components select single values.
import { create } from 'zustand';
import { createImageSlice, type ImageSlice } from './imageSlice';
import { createInferenceSlice, type InferenceSlice } from './inferenceSlice';
import { createMaskSlice, type MaskSlice } from './maskSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';

export type AppState = ImageSlice & MaskSlice & InferenceSlice & ViewSlice;

export const createAppStore = () =>
  create<AppState>()((...a) => ({
    ...createImageSlice(...a),
    ...createMaskSlice(...a),
    ...createInferenceSlice(...a),
    ...createViewSlice(...a),
  }));

export const useAppStore = createAppStore();
