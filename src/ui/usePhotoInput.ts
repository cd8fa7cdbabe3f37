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
      const item = Array.from(e.clipboardData?.items ?? []).find((i) => i.kind === 'file');
      const file = item?.getAsFile();
      if (!file) return;
      e.preventDefault();
      openFile(file);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [openFile]);
}
