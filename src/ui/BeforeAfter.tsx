import { useCallback, useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store';
import { RgbaCanvas } from './RgbaCanvas';

/**
 * Original and restored photo at full resolution, stacked; a draggable divider reveals the restored
 * one on the left. Keyboard: arrow keys move the divider.
 */
export function BeforeAfter() {
  const photo = useAppStore((s) => s.photo);
  const restored = useAppStore((s) => s.restored);
  const [split, setSplit] = useState(50); // percent from the left
  const boxRef = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const moveTo = useCallback((clientX: number) => {
    const rect = boxRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setSplit(Math.min(100, Math.max(0, ((clientX - rect.left) / rect.width) * 100)));
  }, []);

  useEffect(() => {
    const move = (e: PointerEvent) => dragging.current && moveTo(e.clientX);
    const up = () => (dragging.current = false);
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
  }, [moveTo]);

  if (!photo || !restored || restored.width !== photo.width) return null;
  const aspect = `${photo.width} / ${photo.height}`;
  return (
    <div className="ba-wrap">
      <div
        className="ba"
        ref={boxRef}
        style={{ aspectRatio: aspect, ['--ar' as string]: photo.width / photo.height }}
        data-testid="before-after"
        onPointerDown={(e) => {
          dragging.current = true;
          moveTo(e.clientX);
        }}
      >
        <RgbaCanvas pixels={photo.pixels} width={photo.width} height={photo.height} className="ba-img" />
        <div className="ba-top" style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}>
          <RgbaCanvas pixels={restored.pixels} width={restored.width} height={restored.height} className="ba-img" data-testid="restored-canvas" />
        </div>
        <div
          className="ba-handle"
          style={{ left: `${split}%` }}
          role="slider"
          tabIndex={0}
          aria-label="Before and after divider"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(split)}
          data-testid="ba-handle"
          onKeyDown={(e) => {
            if (e.key === 'ArrowLeft') setSplit((s) => Math.max(0, s - 2));
            if (e.key === 'ArrowRight') setSplit((s) => Math.min(100, s + 2));
          }}
        >
          <span className="ba-knob" aria-hidden>
            ‹ ›
          </span>
        </div>
        <span className="ba-label ba-label-left">Restored</span>
        <span className="ba-label ba-label-right">Original</span>
      </div>
    </div>
  );
}
