import type { StateCreator } from 'zustand';
import type { ZoomPan } from '../canvas/viewport';
import type { AppState } from './index';

export type Tool = 'brush' | 'eraser' | 'crop';
export type MainView = 'edit' | 'compare';

export const BRUSH_MIN = 4;
export const BRUSH_MAX = 160;

/** UI state that never enters undo history. */
export interface ViewSlice {
  tool: Tool;
  /** Brush diameter in screen pixels, so it feels the same at every zoom. */
  brushSize: number;
  mainView: MainView;
  /** A problem with the person's input (not an image, too large...); the photo and mask stay. */
  notice: string | null;
  /** Editor zoom (1 = photo fitted) and pan in screen px. */
  zoomPan: ZoomPan;
  /** The editor stage's size in screen px, for zoom controls that live outside it. */
  stageSize: { width: number; height: number };
  setZoomPan(zp: ZoomPan): void;
  setStageSize(width: number, height: number): void;
  setTool(tool: Tool): void;
  setBrushSize(size: number): void;
  setMainView(view: MainView): void;
  setNotice(notice: string | null): void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  tool: 'brush',
  brushSize: 36,
  mainView: 'edit',
  notice: null,
  zoomPan: { zoom: 1, panX: 0, panY: 0 },
  stageSize: { width: 0, height: 0 },
  setZoomPan: (zoomPan) => set({ zoomPan }),
  setStageSize: (width, height) => set({ stageSize: { width, height } }),
  setTool: (tool) => set({ tool }),
  setBrushSize: (size) => set({ brushSize: Math.round(Math.min(BRUSH_MAX, Math.max(BRUSH_MIN, size))) }),
  setMainView: (mainView) => set({ mainView }),
  setNotice: (notice) => set({ notice }),
});
