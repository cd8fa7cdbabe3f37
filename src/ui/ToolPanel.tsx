import { BRUSH_MAX, BRUSH_MIN, type Tool } from '../store/viewSlice';
import { useAppStore } from '../store';
import { HISTORY_LIMIT } from '../store/maskSlice';
import { isStroke } from '../lib/strokes';
import { MaskEdits } from './MaskEdits';
import { ShortcutsDialog } from './ShortcutsDialog';

// The brush slider is logarithmic: sizes from 2 to 1000 photo px, fine steps where brushes are small.
const SLIDER_STEPS = 1000;
const toSlider = (size: number) => Math.round((SLIDER_STEPS * Math.log(size / BRUSH_MIN)) / Math.log(BRUSH_MAX / BRUSH_MIN));
const fromSlider = (v: number) => BRUSH_MIN * Math.pow(BRUSH_MAX / BRUSH_MIN, v / SLIDER_STEPS);

const TOOLS: { id: Tool; label: string; key: string }[] = [
  { id: 'brush', label: 'Brush', key: 'B' },
  { id: 'eraser', label: 'Eraser', key: 'E' },
  { id: 'crop', label: 'Crop box', key: 'C' },
];

/** Mask tools: brush, eraser, crop box, brush size, undo/redo/clear. */
export function ToolPanel() {
  const historyFull = useAppStore((s) => s.undoStack.length >= HISTORY_LIMIT);
  const tool = useAppStore((s) => s.tool);
  const setTool = useAppStore((s) => s.setTool);
  const brushSize = useAppStore((s) => s.brushSize);
  const setBrushSize = useAppStore((s) => s.setBrushSize);
  const canUndo = useAppStore((s) => s.undoStack.length > 0);
  const canRedo = useAppStore((s) => s.redoStack.length > 0);
  const hasStrokes = useAppStore((s) => s.strokes.length > 0);
  const strokeCount = useAppStore((s) => s.strokes.filter(isStroke).length);
  const setShortcutsOpen = useAppStore((s) => s.setShortcutsOpen);
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const clearMask = useAppStore((s) => s.clearMask);

  return (
    <section className="panel">
      <h2 className="panel-title">
        <span className="step">2</span> Mark what is missing
      </h2>
      <div className="segmented" role="radiogroup" aria-label="Tool">
        {TOOLS.map((t) => (
          <button key={t.id} role="radio" aria-checked={tool === t.id} className={tool === t.id ? 'on' : ''} onClick={() => setTool(t.id)} title={`${t.label} (${t.key})`} data-testid={`tool-${t.id}`}>
            {t.label}
          </button>
        ))}
      </div>
      <label className="field">
        <span className="field-label">
          Brush size <span className="muted">{brushSize} px of the photo · [ ]</span>
        </span>
        <input
          type="range"
          min={0}
          max={SLIDER_STEPS}
          value={toSlider(brushSize)}
          onChange={(e) => setBrushSize(fromSlider(Number(e.target.value)))}
          aria-valuetext={`${brushSize} pixels`}
          data-testid="brush-size"
          data-size={brushSize}
        />
      </label>
      <div className="row">
        <button className="btn btn-small" onClick={undo} disabled={!canUndo} title="Undo (Ctrl/⌘+Z)" data-testid="undo">
          Undo
        </button>
        <button className="btn btn-small" onClick={redo} disabled={!canRedo} title="Redo (Ctrl/⌘+Shift+Z)" data-testid="redo">
          Redo
        </button>
        <button className="btn btn-small btn-quiet" onClick={clearMask} disabled={!hasStrokes} data-testid="clear">
          Clear
        </button>
        <span className="muted small push" data-testid="stroke-count">
          {strokeCount} {strokeCount === 1 ? 'stroke' : 'strokes'}
        </span>
      </div>
      {historyFull && (
        <p className="muted small" data-testid="history-cap">
          Undo keeps the last {HISTORY_LIMIT} steps; older ones are no longer undoable.
        </p>
      )}
      <MaskEdits />
      <p className="muted small">{tool === 'crop' ? 'Drag the box over the face; pull a corner to resize. The model sees only this square.' : 'Paint generously over the damage, a little past its edge.'}</p>
      <button className="btn btn-small btn-quiet shortcuts-btn" onClick={() => setShortcutsOpen(true)} aria-keyshortcuts="?" data-testid="open-shortcuts">
        Keyboard shortcuts <kbd>?</kbd>
      </button>
      <ShortcutsDialog />
    </section>
  );
}
