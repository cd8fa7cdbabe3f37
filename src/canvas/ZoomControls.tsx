import { screenPoint } from '../lib/geometry';
import { HoldOriginal } from '../ui/HoldOriginal';
import { useAppStore } from '../store';
import { fitViewport, zoomAround, zoomToActualPixels, zoomToRegion } from '../lib/viewport';

/** Small overlay: zoom out/in, fit the photo, zoom to the crop box (the face). */
export function ZoomControls() {
  const zoom = useAppStore((s) => s.zoomPan.zoom);
  const stageW = useAppStore((s) => s.stageSize.width);
  const stageH = useAppStore((s) => s.stageSize.height);
  const photo = useAppStore((s) => s.photo);
  const setZoomPan = useAppStore((s) => s.setZoomPan);
  const step = (factor: number) => {
    const s = useAppStore.getState();
    if (s.photo) setZoomPan(zoomAround(stageW, stageH, s.photo.width, s.photo.height, s.zoomPan, screenPoint(stageW / 2, stageH / 2), factor));
  };
  const toFace = () => {
    const { photo, crop } = useAppStore.getState();
    if (photo && crop) setZoomPan(zoomToRegion(stageW, stageH, photo.width, photo.height, crop));
  };
  const actual = () => {
    const s = useAppStore.getState();
    if (s.photo) setZoomPan(zoomToActualPixels(stageW, stageH, s.photo.width, s.photo.height, s.zoomPan));
  };
  if (!photo || stageW === 0) return null;
  // The readout is the photo's real magnification (100% = one screen pixel per photo pixel).
  const percent = Math.round(fitViewport(stageW, stageH, photo.width, photo.height).scale * zoom * 100);
  return (
    <div className="stage-tools">
    <HoldOriginal />
    <div className="zoom-controls" title="Wheel: zoom · Space + drag or middle button: pan">
      <button onClick={() => step(1 / 1.4)} aria-label="Zoom out" title="Zoom out (wheel)">
        −
      </button>
      <span className="zoom-readout" data-testid="zoom" data-zoom={zoom.toFixed(3)} aria-live="polite" aria-label={`Zoom ${percent}%`}>
        {percent}%
      </span>
      <button onClick={() => step(1.4)} aria-label="Zoom in" title="Zoom in (wheel)">
        +
      </button>
      <button onClick={() => setZoomPan({ zoom: 1, panX: 0, panY: 0 })} title="Show the whole photo" aria-label="Fit to screen" data-testid="zoom-fit">
        Fit
      </button>
      <button onClick={actual} title="Actual pixels: one screen pixel per photo pixel" aria-label="Actual size, 100%" data-testid="zoom-100">
        1:1
      </button>
      <button onClick={toFace} title="Zoom to the crop box" data-testid="zoom-face">
        Face
      </button>
    </div>
    </div>
  );
}
