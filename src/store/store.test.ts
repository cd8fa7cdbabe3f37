import { describe, expect, it } from 'vitest';
import { imagePoint } from '../lib/geometry';
import type { Stroke } from '../lib/strokes';
import { createAppStore } from './index';
import { HISTORY_LIMIT } from './maskSlice';

const stroke = (x: number): Stroke => ({ mode: 'paint', radius: 5, points: [imagePoint(x, 0), imagePoint(x + 10, 5)] });

const photo = (w: number, h: number) => ({ baseName: 'p', width: w, height: h, pixels: new Uint8ClampedArray(w * h * 4), source: null, icc: null });

describe('mask history', () => {
  it('makes exactly one undo entry per committed stroke, and none for view changes', () => {
    const store = createAppStore();
    store.getState().commitStroke(stroke(1));
    store.getState().setTool('eraser');
    store.getState().setBrushSize(50);
    store.getState().setMainView('compare');
    store.getState().commitStroke(stroke(2));
    expect(store.getState().undoStack).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().strokes).toEqual([stroke(1)]);
    store.getState().undo();
    expect(store.getState().strokes).toEqual([]);
    store.getState().undo(); // nothing left: a no-op
    expect(store.getState().strokes).toEqual([]);
  });

  it('redoes what was undone, and a new stroke drops the redo branch', () => {
    const store = createAppStore();
    const s = store.getState();
    s.commitStroke(stroke(1));
    s.commitStroke(stroke(2));
    s.undo();
    s.undo();
    s.redo();
    expect(store.getState().strokes).toEqual([stroke(1)]);
    s.redo();
    expect(store.getState().strokes).toEqual([stroke(1), stroke(2)]);
    s.undo();
    s.commitStroke(stroke(3));
    expect(store.getState().redoStack).toHaveLength(0);
    expect(store.getState().strokes).toEqual([stroke(1), stroke(3)]);
  });

  it('clears in one undoable step', () => {
    const store = createAppStore();
    const s = store.getState();
    s.commitStroke(stroke(1));
    s.commitStroke(stroke(2));
    s.clearMask();
    expect(store.getState().strokes).toEqual([]);
    s.undo();
    expect(store.getState().strokes).toHaveLength(2);
  });

  it('caps the history and ignores empty strokes', () => {
    const store = createAppStore();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) store.getState().commitStroke(stroke(i));
    store.getState().commitStroke({ mode: 'paint', radius: 3, points: [] });
    expect(store.getState().undoStack).toHaveLength(HISTORY_LIMIT);
    expect(store.getState().strokes).toHaveLength(HISTORY_LIMIT + 20);
  });

  it('bumps the mask version on every change so stale results can be spotted', () => {
    const store = createAppStore();
    const v0 = store.getState().maskVersion;
    store.getState().commitStroke(stroke(1));
    store.getState().undo();
    expect(store.getState().maskVersion).toBe(v0 + 2);
  });
});

describe('photo and crop', () => {
  it('starts with the largest centred square and a fresh mask', () => {
    const store = createAppStore();
    store.getState().commitStroke(stroke(1));
    store.getState().setPhoto(photo(640, 480));
    expect(store.getState().crop).toEqual({ x: 80, y: 0, size: 480 });
    expect(store.getState().strokes).toEqual([]);
    expect(store.getState().undoStack).toEqual([]);
  });

  it('keeps a moved crop square and inside the photo', () => {
    const store = createAppStore();
    store.getState().setPhoto(photo(640, 480));
    store.getState().setCrop({ x: 600, y: -20, size: 100.4 });
    expect(store.getState().crop).toEqual({ x: 540, y: 0, size: 100 });
    store.getState().setCrop({ x: 0, y: 0, size: 5000 });
    expect(store.getState().crop).toEqual({ x: 0, y: 0, size: 480 });
  });
});

describe('mask edits', () => {
  it('grow, shrink and invert are one undo step each and keep the strokes as vectors', () => {
    const store = createAppStore();
    const s = store.getState();
    s.commitStroke(stroke(1));
    s.editMask({ mode: 'grow', by: 4 });
    s.editMask({ mode: 'invert', rect: { x: 0, y: 0, width: 50, height: 50 } });
    expect(store.getState().strokes).toEqual([stroke(1), { mode: 'grow', by: 4 }, { mode: 'invert', rect: { x: 0, y: 0, width: 50, height: 50 } }]);
    s.undo();
    expect(store.getState().strokes).toEqual([stroke(1), { mode: 'grow', by: 4 }]);
    s.undo();
    expect(store.getState().strokes).toEqual([stroke(1)]);
  });
});
