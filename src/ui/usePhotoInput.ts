import { useCallback, useEffect } from 'react';
import { snapCropToFace } from '../engine/face';
import { engine } from '../engine/instance';
import { useAppStore } from '../store';
import type { Photo } from '../store/imageSlice';
import { loadSample, openPhoto } from './loadPhoto';

/** Opening a photo from any source: pick, drop, paste or the sample. */
export function usePhotoInput() {
  const setNotice = useAppStore((s) => s.setNotice);
  const setPhoto = useAppStore((s) => s.setPhoto);
  const accept = useCallback(
    (photo: Photo) => {
      try {
        engine().cancelRuns(); // results for the old photo must not land on the new one
      } catch {
        /* engine not started: nothing to cancel */
      }
      useAppStore.getState().setMainView('edit');
      setPhoto(photo);
      // The crop box follows the face as soon as it is found (?manualCrop: only on "Fit to face").
      if (!new URLSearchParams(location.search).has('manualCrop')) void snapCropToFace(true);
    },
    [setPhoto],
  );
  const openFile = useCallback((file: File) => openPhoto(file, accept, setNotice), [accept, setNotice]);
  const openSample = useCallback(() => openPhoto(loadSample(), accept, setNotice), [accept, setNotice]);
  return { openFile, openSample };
}

/** Ctrl/Cmd+V anywhere on the page opens a pasted image. */
export function usePasteAnywhere(openFile: (f: File) => void) {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      if (isTypingTarget(e.target)) return; // pasting into a field (the seed) is just typing
      const item = Array.from(e.clipboardData?.items ?? []).find((i) => i.kind === 'file');
      const file = item?.getAsFile();
      e.preventDefault();
      if (file) openFile(file);
      else useAppStore.getState().setNotice('The clipboard holds no image. Copy a photo (not its address or text), then paste again.');
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [openFile]);
}

function isTypingTarget(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || (t instanceof HTMLInputElement && t.type !== 'file' && t.type !== 'range') || t instanceof HTMLTextAreaElement);
}

/** The one photo to open from a drop, and what to tell the person when more than one file came. */
export function pickDropped(files: FileList | File[]): { file: File | null; note: string | null } {
  const list = Array.from(files);
  const note = list.length > 1 ? `${list.length} files were dropped; one photo is edited at a time, so only "${list[0].name}" was opened.` : null;
  return { file: list[0] ?? null, note };
}
