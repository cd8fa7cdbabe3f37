import type { StateCreator } from 'zustand';
import type { ZoomPan } from '../lib/viewport';
import type { AppState } from './index';

export type Tool = 'brush' | 'eraser' | 'crop';
export type MainView = 'edit' | 'compare';

/** Brush diameters in image pixels. */
export const BRUSH_MIN = 2;
export const BRUSH_MAX = 1000;

/** How the mask is drawn over the photo (never part of the mask or its history). */
export interface MaskOverlay {
  visible: boolean;
  /** CSS colour of the painted hole. */
  color: string;
  /** 0..1, applied to the whole overlay so overlapping strokes do not darken. */
  opacity: number;
}

/** UI state that never enters undo history. */
export interface ViewSlice {
  tool: Tool;
  /** Brush diameter in image pixels, so a stroke covers the same part of the photo at any zoom. */
  brushSize: number;
  overlay: MaskOverlay;
  /** True while the person holds Tab or the Original button: the photo is shown without mask or result. */
  showOriginal: boolean;
  shortcutsOpen: boolean;
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
  setOverlay(patch: Partial<MaskOverlay>): void;
  setShowOriginal(on: boolean): void;
  setShortcutsOpen(open: boolean): void;
  setMainView(view: MainView): void;
  setNotice(notice: string | null): void;
  /** A session saved on this device by an earlier visit, offered to continue; null when none. */
  recovery: RecoveryOffer | null;
  /** When the current session was last saved on the device (ms since epoch); null: not saved. */
  savedAt: number | null;
  setRecovery(offer: RecoveryOffer | null): void;
  setSavedAt(at: number | null): void;
}

export interface RecoveryOffer {
  name: string;
  savedAt: number;
  strokes: number;
  hasResult: boolean;
  /** Bytes the saved session takes on the device. */
  bytes: number;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  tool: 'brush',
  brushSize: 30,
  overlay: { visible: true, color: '#ff5470', opacity: 0.55 },
  showOriginal: false,
  shortcutsOpen: false,
  mainView: 'edit',
  notice: null,
  zoomPan: { zoom: 1, panX: 0, panY: 0 },
  stageSize: { width: 0, height: 0 },
  setZoomPan: (zoomPan) => set({ zoomPan }),
  setStageSize: (width, height) => set({ stageSize: { width, height } }),
  setTool: (tool) => set({ tool }),
  setBrushSize: (size) => set({ brushSize: Math.round(Math.min(BRUSH_MAX, Math.max(BRUSH_MIN, size))) }),
  setOverlay: (patch) => set((s) => ({ overlay: { ...s.overlay, ...patch, opacity: Math.min(1, Math.max(0.1, patch.opacity ?? s.overlay.opacity)) } })),
  setShowOriginal: (showOriginal) => set({ showOriginal }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setMainView: (mainView) => set({ mainView }),
  setNotice: (notice) => set({ notice }),
  recovery: null,
  savedAt: null,
  setRecovery: (recovery) => set({ recovery }),
  setSavedAt: (savedAt) => set({ savedAt }),
});
