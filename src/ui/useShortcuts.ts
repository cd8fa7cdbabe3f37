import { useEffect } from 'react';
import { restore } from '../engine/restore';
import { useAppStore } from '../store';
import { downloadCurrent } from './download';

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) && (t as HTMLInputElement).type !== 'range';
/** Enter on a focused control activates it; only elsewhere does it mean Restore. */
const isControl = (t: EventTarget | null) => t instanceof HTMLElement && (isTyping(t) || ['BUTTON', 'A', 'SUMMARY'].includes(t.tagName) || t.getAttribute('role') === 'slider');

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** Crop box tool: arrows move the box 1 px (Shift: 10), + and − resize it about its centre. True if handled. */
function nudgeCrop(e: KeyboardEvent): boolean {
  const { crop, setCrop } = useAppStore.getState();
  if (!crop) return false;
  const arrow = ARROWS[e.key];
  if (arrow) {
    const step = e.shiftKey ? 10 : 1;
    setCrop({ ...crop, x: crop.x + arrow[0] * step, y: crop.y + arrow[1] * step });
    return true;
  }
  const grow = e.key === '+' || e.key === '=' ? 1 : e.key === '-' ? -1 : 0;
  if (!grow) return false;
  const d = grow * Math.max(2, Math.round(crop.size * 0.04));
  setCrop({ x: crop.x - d / 2, y: crop.y - d / 2, size: crop.size + d });
  return true;
}

/**
 * Keyboard: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redo, Ctrl/Cmd+S download, [ and ] brush
 * size, B/E/C tools, H mask on/off, Enter restore, ? the list, holding Tab shows the original.
 */
export function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useAppStore.getState();
      // Holding Tab (the key repeats) shows the original; a single press still moves focus as usual.
      if (e.key === 'Tab' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (e.repeat && s.photo && !s.shortcutsOpen) {
          e.preventDefault();
          s.setShowOriginal(true);
        }
        return;
      }
      if (isTyping(e.target) || s.shortcutsOpen) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) s.redo();
        else s.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        s.redo();
      } else if (mod && key === 's') {
        e.preventDefault(); // never the browser's "save page"
        void downloadCurrent();
      } else if (mod || e.altKey) {
        return;
      } else if (e.key === '?') {
        e.preventDefault();
        s.setShortcutsOpen(true);
      } else if (e.key === 'Enter') {
        if (isControl(e.target) || e.repeat) return;
        const busy = s.status === 'running' || s.status === 'downloading';
        if (s.photo && !busy && s.engineState === 'ready') {
          e.preventDefault();
          void restore();
        }
      } else if (s.tool === 'crop' && s.crop && !isControl(e.target) && nudgeCrop(e)) {
        e.preventDefault();
      } else if (e.key === '[') {
        s.setBrushSize(s.brushSize * 0.85);
      } else if (e.key === ']') {
        s.setBrushSize(Math.max(s.brushSize + 1, s.brushSize * 1.18));
      } else if (key === 'b') {
        s.setTool('brush');
      } else if (key === 'e') {
        s.setTool('eraser');
      } else if (key === 'c') {
        s.setTool('crop');
      } else if (key === 'h') {
        s.setOverlay({ visible: !s.overlay.visible });
      }
    };
    const onUp = (e: KeyboardEvent) => e.key === 'Tab' && useAppStore.getState().setShowOriginal(false);
    const onBlur = () => useAppStore.getState().setShowOriginal(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onUp);
      window.removeEventListener('blur', onBlur);
    };
  }, []);
}
