import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { cutRect } from '../lib/cutRect';
import type { CropRect } from '../lib/geometry';
import { useAppStore } from '../store';
import { HoldOriginal } from './HoldOriginal';
import { RgbaCanvas } from './RgbaCanvas';

type Extent = 'face' | 'photo';

/** The crop's rows out of a full photo, at full resolution. */
const cutOut = (pixels: Uint8ClampedArray, width: number, c: CropRect) => cutRect(pixels, width, { x: c.x, y: c.y, width: c.size, height: c.size });

/**
 * Original and restored photo at full resolution, stacked; a draggable divider reveals the restored
 * one on the left. "Face" shows the crop region (where the change is), "Whole photo" everything.
 * Keyboard: arrow keys move the divider.
 */
export function BeforeAfter() {
  const photo = useAppStore((s) => s.photo);
  const restored = useAppStore((s) => s.restored);
  const showOriginal = useAppStore((s) => s.showOriginal);
  const [split, setSplit] = useState(50); // percent from the left
  const [extent, setExtent] = useState<Extent>('face');
  const boxRef = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const views = useMemo(() => {
    if (!photo || !restored || restored.width !== photo.width) return null;
    if (extent === 'photo') return { before: photo.pixels, after: restored.pixels, w: photo.width, h: photo.height };
    const c = restored.crop;
    // cut in the photo worker after a restore; here only for a result brought back from a saved session
    const cut = restored.cropViews ?? { before: cutOut(photo.pixels, photo.width, c), after: cutOut(restored.pixels, photo.width, c) };
    return { ...cut, w: c.size, h: c.size };
  }, [photo, restored, extent]);

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

  if (!views) return null;
  return (
    <div className="ba-section">
      <div className="ba-bar">
        <div className="tabs tabs-small" role="tablist" aria-label="Comparison extent">
          {(['face', 'photo'] as const).map((e) => (
            <button key={e} role="tab" aria-selected={extent === e} className={extent === e ? 'on' : ''} onClick={() => setExtent(e)} data-testid={`extent-${e}`}>
              {e === 'face' ? 'Face' : 'Whole photo'}
            </button>
          ))}
        </div>
        <span className="muted small">
          {views.w}×{views.h} px, full resolution · drag to compare
        </span>
        <HoldOriginal />
      </div>
      <div className="ba-wrap">
        <div
          className="ba"
          ref={boxRef}
          style={{ aspectRatio: `${views.w} / ${views.h}`, ['--ar' as string]: views.w / views.h }}
          data-testid="before-after"
          onPointerDown={(e) => {
            dragging.current = true;
            moveTo(e.clientX);
          }}
        >
          <RgbaCanvas pixels={views.before} width={views.w} height={views.h} className="ba-img" />
          <div className="ba-top" style={{ clipPath: `inset(0 ${100 - split}% 0 0)`, visibility: showOriginal ? 'hidden' : undefined }}>
            <RgbaCanvas pixels={views.after} width={views.w} height={views.h} className="ba-img" data-testid="restored-canvas" />
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
            aria-valuetext={`${Math.round(split)}% restored`}
            onKeyDown={(e) => {
              // The slider pattern's keys: arrows step 2%, Page keys 10%, Home/End go to the ends.
              const step = { ArrowLeft: -2, ArrowDown: -2, ArrowRight: 2, ArrowUp: 2, PageDown: -10, PageUp: 10, Home: -100, End: 100 }[e.key];
              if (step === undefined) return;
              e.preventDefault();
              setSplit((s) => Math.min(100, Math.max(0, s + step)));
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
    </div>
  );
}
