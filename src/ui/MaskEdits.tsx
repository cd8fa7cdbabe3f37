import { useState } from 'react';
import { useAppStore } from '../store';

/** Whole-mask edits (grow, shrink, invert within the crop) and how the overlay looks. */
export function MaskEdits() {
  const [by, setBy] = useState(4);
  const hasStrokes = useAppStore((s) => s.strokes.length > 0);
  const hasPhoto = useAppStore((s) => !!s.photo);
  const editMask = useAppStore((s) => s.editMask);
  const overlay = useAppStore((s) => s.overlay);
  const setOverlay = useAppStore((s) => s.setOverlay);
  const n = Math.max(1, Math.min(200, Math.round(by) || 1));
  const invert = () => {
    const crop = useAppStore.getState().crop;
    if (crop) editMask({ mode: 'invert', rect: { x: crop.x, y: crop.y, width: crop.size, height: crop.size } });
  };
  return (
    <div className="mask-edits">
      <div className="row">
        <label className="field-label" htmlFor="grow-by">
          By
        </label>
        <input id="grow-by" className="num-input" type="number" min={1} max={200} value={by} aria-label="Grow or shrink by, in photo pixels" onChange={(e) => setBy(Number(e.target.value))} data-testid="grow-by" />
        <span className="muted small">px</span>
        <button className="btn btn-small" onClick={() => editMask({ mode: 'grow', by: n })} disabled={!hasStrokes} title={`Grow the mask by ${n} photo pixels`} data-testid="grow">
          Grow
        </button>
        <button className="btn btn-small" onClick={() => editMask({ mode: 'grow', by: -n })} disabled={!hasStrokes} title={`Shrink the mask by ${n} photo pixels`} data-testid="shrink">
          Shrink
        </button>
        <button className="btn btn-small" onClick={invert} disabled={!hasPhoto} title="Swap masked and unmasked inside the crop box" data-testid="invert">
          Invert
        </button>
      </div>
      <div className="row overlay-row">
        <label className="check">
          <input type="checkbox" checked={overlay.visible} onChange={(e) => setOverlay({ visible: e.target.checked })} data-testid="overlay-visible" />
          Show mask <span className="muted">(H)</span>
        </label>
        <label className="color-pick" title="Mask colour">
          <span className="sr-only">Mask colour</span>
          <input type="color" value={overlay.color} onChange={(e) => setOverlay({ color: e.target.value })} data-testid="overlay-color" />
        </label>
        <label className="opacity-pick">
          <span className="sr-only">Mask opacity</span>
          <input
            type="range"
            min={10}
            max={100}
            value={Math.round(overlay.opacity * 100)}
            onChange={(e) => setOverlay({ opacity: Number(e.target.value) / 100 })}
            aria-valuetext={`${Math.round(overlay.opacity * 100)}%`}
            data-testid="overlay-opacity"
          />
        </label>
      </div>
    </div>
  );
}
