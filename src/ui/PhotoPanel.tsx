import { snapCropToFace } from '../engine/face';
import { useAppStore } from '../store';
import type { FaceStatus } from '../store/imageSlice';

function faceText(face: FaceStatus): string {
  switch (face.status) {
    case 'looking':
      return 'Looking for a face…';
    case 'found':
      return 'Crop box fitted to the face, the way the model was trained. Adjust it with the Crop box tool.';
    case 'offer':
      return 'A face was found. Snap to face fits the crop box to it.';
    case 'none':
      return 'No face found: the crop box stays the centred square. Move it over the face with the Crop box tool.';
    case 'error':
      return `The face detector did not run (${face.message}). Place the crop box by hand.`;
    default:
      return '';
  }
}
import { SAMPLE_CREDIT } from './constants';

/** The loaded photo's name and size, and how to change it. */
export function PhotoPanel({ onPick, onSample }: { onPick(): void; onSample(): void }) {
  const photo = useAppStore((s) => s.photo);
  const crop = useAppStore((s) => s.crop);
  const face = useAppStore((s) => s.face);
  const savedAt = useAppStore((s) => s.savedAt);
  const faceCrops = useAppStore((s) => s.faceCrops);
  const allFaces = useAppStore((s) => s.allFaces);
  const setAllFaces = useAppStore((s) => s.setAllFaces);
  const setCrop = useAppStore((s) => s.setCrop);
  if (!photo) return null;
  return (
    <section className="panel">
      <h2 className="panel-title">
        <span className="step">1</span> Photo
      </h2>
      <div className="photo-meta" data-testid="photo-meta">
        <strong>{photo.baseName}</strong>
        <span className="muted">
          {photo.width}×{photo.height}
          {crop && ` · crop ${crop.size}×${crop.size}`}
        </span>
      </div>
      {photo.baseName === 'astronaut' && <p className="muted small">{SAMPLE_CREDIT}</p>}
      {savedAt && (
        <p className="muted small" data-testid="saved" data-saved-at={savedAt} title="Kept in this browser only, so a reload or a crash loses nothing">
          Saved on this device · {new Date(savedAt).toLocaleTimeString()}
        </p>
      )}
      <p className={`small face-status face-${face.status}`} role="status" data-testid="face-status" data-status={face.status}>
        {faceText(face)}
      </p>
      {faceCrops.length > 1 && (
        <div className="faces" data-testid="faces">
          <p className="small">{faceCrops.length} faces found. The crop box is on one; pick another:</p>
          <div className="row wrap">
            {faceCrops.map((c, i) => {
              const on = crop && Math.abs(crop.x - c.x) < 2 && Math.abs(crop.y - c.y) < 2 && Math.abs(crop.size - c.size) < 2;
              return (
                <button key={i} className={`btn btn-small ${on ? 'on' : ''}`} aria-pressed={!!on} onClick={() => setCrop(c)} data-testid={`face-${i + 1}`}>
                  Face {i + 1}
                </button>
              );
            })}
          </div>
          <label className="check small">
            <input type="checkbox" checked={allFaces} onChange={(e) => setAllFaces(e.target.checked)} data-testid="all-faces" />
            Restore every face I paint on, each through its own crop
          </label>
        </div>
      )}
      <div className="row wrap">
        <button className="btn btn-small" onClick={() => void snapCropToFace(false)} disabled={face.status === 'looking'} title="Find the face and fit the crop box to it" data-testid="find-face">
          Snap to face
        </button>
        <button className="btn btn-small" onClick={onPick}>
          Open another…
        </button>
        <button className="btn btn-small btn-quiet" onClick={onSample}>
          Sample
        </button>
      </div>
    </section>
  );
}
