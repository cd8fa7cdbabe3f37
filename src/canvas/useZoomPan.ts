import { useEffect, useRef } from 'react';
import type Konva from 'konva';
import { screenPoint } from '../lib/geometry';
import { useAppStore } from '../store';
import { zoomAround } from './viewport';

/**
 * Wheel zooms about the cursor; dragging with the middle button, or with Space held, pans.
 * Returns `isPanning(evt)` so the editor can skip painting while a pan drag is in progress.
 */
export function useZoomPan(stageW: number, stageH: number) {
  const spaceDown = useRef(false);
  const panFrom = useRef<{ x: number; y: number; panX: number; panY: number } | null>(null);

  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.code === 'Space' && !(e.target instanceof HTMLInputElement)) {
        spaceDown.current = true;
        if (e.target === document.body) e.preventDefault(); // no page scroll
      }
    };
    const up = (e: KeyboardEvent) => e.code === 'Space' && (spaceDown.current = false);
    const end = () => (panFrom.current = null);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('pointerup', end);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('pointerup', end);
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

  /** Starts a pan when the pointer event asks for one; true if it did. */
  const startPan = (e: PointerEvent) => {
    if (e.button !== 1 && !(e.button === 0 && spaceDown.current)) return false;
    const { panX, panY } = useAppStore.getState().zoomPan;
    panFrom.current = { x: e.clientX, y: e.clientY, panX, panY };
    return true;
  };

  /** Moves the pan; true while a pan is in progress. */
  const movePan = (e: PointerEvent) => {
    const from = panFrom.current;
    if (!from) return false;
    const s = useAppStore.getState();
    s.setZoomPan({ ...s.zoomPan, panX: from.panX + e.clientX - from.x, panY: from.panY + e.clientY - from.y });
    return true;
  };

  return { onWheel, startPan, movePan };
}
