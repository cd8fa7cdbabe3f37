import { useEffect, useRef } from 'react';
import type Konva from 'konva';
import { screenPoint } from '../lib/geometry';
import { useAppStore } from '../store';
import { zoomAround, type ZoomPan } from '../lib/viewport';

interface Pinch {
  midX: number;
  midY: number;
  dist: number;
  start: ZoomPan;
}

/**
 * Wheel zooms about the cursor; dragging with the middle button, or with Space held, pans; two
 * fingers pinch-zoom and pan (and never paint). startPan/movePan report whether they took the event,
 * so the editor paints only when they did not.
 */
export function useZoomPan(stageW: number, stageH: number) {
  const spaceDown = useRef(false);
  const panFrom = useRef<{ x: number; y: number; panX: number; panY: number } | null>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<Pinch | null>(null);

  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.code === 'Space' && !(e.target instanceof HTMLInputElement)) {
        spaceDown.current = true;
        const onEditor = e.target instanceof HTMLElement && e.target.classList.contains('editor');
        if (e.target === document.body || onEditor) e.preventDefault(); // no page scroll
      }
    };
    const up = (e: KeyboardEvent) => e.code === 'Space' && (spaceDown.current = false);
    const end = (e: PointerEvent) => {
      panFrom.current = null;
      pointers.current.delete(e.pointerId);
      if (pointers.current.size < 2) pinch.current = null;
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
    };
  }, []);

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    const s = useAppStore.getState();
    const pos = e.target.getStage()?.getPointerPosition();
    if (!s.photo || !pos) return;
    e.evt.preventDefault();
    const factor = Math.exp(-e.evt.deltaY * 0.0015);
    s.setZoomPan(zoomAround(stageW, stageH, s.photo.width, s.photo.height, s.zoomPan, screenPoint(pos.x, pos.y), factor));
  };

  const pinchState = (): Omit<Pinch, 'start'> => {
    const [a, b] = [...pointers.current.values()];
    return { midX: (a.x + b.x) / 2, midY: (a.y + b.y) / 2, dist: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)) };
  };

  /** Starts a pan or a pinch when the pointer event asks for one; true if it did. */
  const startPan = (e: PointerEvent, at: { x: number; y: number } | null) => {
    if (at) pointers.current.set(e.pointerId, at);
    if (pointers.current.size >= 2) {
      pinch.current = { ...pinchState(), start: useAppStore.getState().zoomPan };
      return true;
    }
    if (e.button !== 1 && !(e.button === 0 && spaceDown.current)) return false;
    const { panX, panY } = useAppStore.getState().zoomPan;
    panFrom.current = { x: e.clientX, y: e.clientY, panX, panY };
    return true;
  };

  /** Moves the pan or pinch; true while one is in progress. */
  const movePan = (e: PointerEvent, at: { x: number; y: number } | null) => {
    if (at && pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, at);
    const p = pinch.current;
    const s0 = useAppStore.getState();
    if (p && pointers.current.size >= 2 && s0.photo) {
      const now = pinchState();
      const zoomed = zoomAround(stageW, stageH, s0.photo.width, s0.photo.height, p.start, screenPoint(p.midX, p.midY), now.dist / p.dist);
      s0.setZoomPan({ ...zoomed, panX: zoomed.panX + now.midX - p.midX, panY: zoomed.panY + now.midY - p.midY });
      return true;
    }
    const from = panFrom.current;
    if (!from) return false;
    const s = useAppStore.getState();
    s.setZoomPan({ ...s.zoomPan, panX: from.panX + e.clientX - from.x, panY: from.panY + e.clientY - from.y });
    return true;
  };

  return { onWheel, startPan, movePan };
}
