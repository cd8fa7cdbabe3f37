import type { StateCreator } from 'zustand';
import type { MaskEdit, MaskOp, Stroke } from '../lib/strokes';
import type { AppState } from './index';

/** Undo steps kept; strokes are small vectors, so this bounds memory to well under a megabyte. */
export const HISTORY_LIMIT = 100;

/**
 * The mask as vector strokes with its own undo history. Only committed strokes (and Clear) make
 * history entries: the stroke being drawn lives in the canvas until pointer-up, and tool, zoom
 * or inference changes never enter history.
 */
export interface MaskSlice {
  /** Strokes and whole-mask edits (grow/shrink, invert), applied in order; all in image pixels. */
  strokes: MaskOp[];
  /** Earlier versions of `strokes`, newest last: one entry per committed stroke, edit or clear. */
  undoStack: MaskOp[][];
  redoStack: MaskOp[][];
  /** Bumped on every mask change so results can tell they are out of date. */
  maskVersion: number;
  commitStroke(stroke: Stroke): void;
  /** Grow/shrink or invert the whole mask: one undo step, replayed exactly at every resolution. */
  editMask(edit: MaskEdit): void;
  undo(): void;
  redo(): void;
  clearMask(): void;
  resetMask(): void;
  /** A saved mask brought back (a recovered session): no undo history before it. */
  loadMask(strokes: MaskOp[]): void;
}

const capped = (stack: MaskOp[][]) => (stack.length > HISTORY_LIMIT ? stack.slice(stack.length - HISTORY_LIMIT) : stack);

export const createMaskSlice: StateCreator<AppState, [], [], MaskSlice> = (set) => ({
  strokes: [],
  undoStack: [],
  redoStack: [],
  maskVersion: 0,
  commitStroke: (stroke) =>
    set((s) => {
      if (stroke.points.length === 0) return s;
      return {
        strokes: [...s.strokes, stroke],
        undoStack: capped([...s.undoStack, s.strokes]),
        redoStack: [],
        maskVersion: s.maskVersion + 1,
      };
    }),
  editMask: (edit) =>
    set((s) => {
      if (s.strokes.length === 0 && edit.mode === 'grow') return s; // growing nothing is nothing
      return { strokes: [...s.strokes, edit], undoStack: capped([...s.undoStack, s.strokes]), redoStack: [], maskVersion: s.maskVersion + 1 };
    }),
  undo: () =>
    set((s) => {
      if (s.undoStack.length === 0) return s;
      return {
        strokes: s.undoStack[s.undoStack.length - 1],
        undoStack: s.undoStack.slice(0, -1),
        redoStack: [...s.redoStack, s.strokes],
        maskVersion: s.maskVersion + 1,
      };
    }),
  redo: () =>
    set((s) => {
      if (s.redoStack.length === 0) return s;
      return {
        strokes: s.redoStack[s.redoStack.length - 1],
        redoStack: s.redoStack.slice(0, -1),
        undoStack: capped([...s.undoStack, s.strokes]),
        maskVersion: s.maskVersion + 1,
      };
    }),
  // Clear is one undoable step, so a mis-click does not lose a carefully painted mask.
  clearMask: () =>
    set((s) => {
      if (s.strokes.length === 0) return s;
      return { strokes: [], undoStack: capped([...s.undoStack, s.strokes]), redoStack: [], maskVersion: s.maskVersion + 1 };
    }),
  // A new photo starts a new mask and a new history.
  resetMask: () => set((s) => ({ strokes: [], undoStack: [], redoStack: [], maskVersion: s.maskVersion + 1 })),
  loadMask: (strokes) => set((s) => ({ strokes, undoStack: [], redoStack: [], maskVersion: s.maskVersion + 1 })),
});
