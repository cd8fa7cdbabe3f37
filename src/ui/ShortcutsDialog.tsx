import { useEffect, useRef } from 'react';
import { useAppStore } from '../store';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

export const SHORTCUTS: [string, string][] = [
  ['B', 'Brush'],
  ['E', 'Eraser'],
  ['C', 'Crop box'],
  ['[  ]', 'Smaller / larger brush'],
  ['Arrows, + / −', 'Move / resize the crop box (Crop box tool; Shift: faster)'],
  [`${MOD}+Z`, 'Undo'],
  [`${MOD}+Shift+Z`, 'Redo'],
  ['H', 'Show or hide the mask'],
  ['Hold Tab', 'See the original photo'],
  ['Enter', 'Restore'],
  [`${MOD}+S`, 'Download the result'],
  ['Space + drag', 'Pan'],
  ['Wheel', 'Zoom'],
  ['?', 'This list'],
];

/** The keyboard shortcuts, in a modal dialog opened with `?` or the Shortcuts button. */
export function ShortcutsDialog() {
  const open = useAppStore((s) => s.shortcutsOpen);
  const setOpen = useAppStore((s) => s.setShortcutsOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  // Escape hides the dialog at once but its 'close' event comes a task later; 'cancel' fires with the
  // key, so the store (and the shortcuts it gates, such as holding Tab) never lags the screen.
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onCancel={() => setOpen(false)} onClose={() => setOpen(false)} data-testid="shortcuts-dialog">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button className="btn btn-small push" onClick={() => setOpen(false)} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
