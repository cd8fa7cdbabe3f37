import { screenPoint } from '../lib/geometry';
import { HoldOriginal } from '../ui/HoldOriginal';
import { useAppStore } from '../store';
import { zoomAround, zoomToRegion } from './viewport';

/** Small overlay: zoom out/in, fit the photo, zoom to the crop box (the face). */
export function ZoomControls() {
  const zoom = useAppStore((s) => s.zoomPan.zoom);
  const stageW = useAppStore((s) => s.stageSize.width);
  const stageH = useAppStore((s) => s.stageSize.height);
  const hasPhoto = useAppStore((s) => !!s.photo);
  const setZoomPan = useAppStore((s) => s.setZoomPan);
  const step = (factor: number) => {
    const s = useAppStore.getState();
    if (s.photo) setZoomPan(zoomAround(stageW, stageH, s.photo.width, s.photo.height, s.zoomPan, screenPoint(stageW / 2, stageH / 2), factor));
  };
  const toFace = () => {
    const { photo, crop } = useAppStore.getState();
    if (photo && crop) setZoomPan(zoomToRegion(stageW, stageH, photo.width, photo.height, crop));
  };
  if (!hasPhoto || stageW === 0) return null;
  return (
    <div className="stage-tools">
    <HoldOriginal />
    <div className="zoom-controls" title="Wheel: zoom · Space + drag or middle button: pan">
      <button onClick={() => step(1 / 1.4)} aria-label="Zoom out" title="Zoom out (wheel)">
        −
      </button>
      <span className="zoom-readout" data-testid="zoom">
        {Math.round(zoom * 100)}%
      </span>
      <button onClick={() => step(1.4)} aria-label="Zoom in" title="Zoom in (wheel)">
        +
      </button>
      <button onClick={() => setZoomPan({ zoom: 1, panX: 0, panY: 0 })} title="Show the whole photo">
        Fit
      </button>
      <button onClick={toFace} title="Zoom to the crop box" data-testid="zoom-face">
        Face
      </button>
    </div>
    </div>
  );
}
