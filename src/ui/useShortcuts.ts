import { useEffect } from 'react';
import { useAppStore } from '../store';

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) && (t as HTMLInputElement).type !== 'range';

/** Keyboard: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redo, [ and ] brush size, B/E/C tools. */
export function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const s = useAppStore.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) s.redo();
        else s.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        s.redo();
      } else if (mod || e.altKey) {
        return;
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
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
