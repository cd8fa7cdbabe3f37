import { useAppStore } from '../store';
import { SAMPLE_CREDIT } from './constants';

/** The loaded photo's name and size, and how to change it. */
export function PhotoPanel({ onPick, onSample }: { onPick(): void; onSample(): void }) {
  const photo = useAppStore((s) => s.photo);
  const crop = useAppStore((s) => s.crop);
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
      <div className="row">
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
