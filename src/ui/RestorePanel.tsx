import { restore } from '../engine/restore';
import { useAppStore } from '../store';
import { randomSeed } from '../lib/rng';
import { STAGE_LABELS } from './constants';
import { ResultActions } from './ResultActions';
import { Variants } from './Variants';

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function StatusLine() {
  const status = useAppStore((s) => s.status);
  const stage = useAppStore((s) => s.stage);
  const download = useAppStore((s) => s.download);
  const stageMs = useAppStore((s) => s.stageMs);
  const restored = useAppStore((s) => s.restored);
  // A run that waits for the background download (started at page load) shows its progress too.
  const waitingForDownload = status === 'running' && !stage && download && download.loaded < download.total;
  if ((status === 'downloading' || waitingForDownload) && download) {
    const pct = download.total ? (100 * download.loaded) / download.total : 0;
    return (
      <div className="status" data-testid="status" data-status="downloading">
        <div className="status-text">
          {download.loaded < download.total
            ? `Downloading the model (first use only)… ${mb(download.loaded)} of ${mb(download.total)}`
            : `Preparing the model… ${mb(download.total)} downloaded`}
        </div>
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={download.total} aria-valuenow={download.loaded}>
          <div className="progress-bar" style={{ width: `${pct}%` }} />
        </div>
      </div>
    );
  }
  if (status === 'running') {
    const order = ['prior', 'structure', 'refine'] as const;
    return (
      <div className="status" data-testid="status" data-status="running">
        <div className="status-text">{stage ? `Running ${STAGE_LABELS[stage].toLowerCase()}…` : 'Preparing…'}</div>
        <ol className="stage-steps">
          {order.map((s) => (
            <li key={s} className={stageMs[s] !== undefined ? 'done' : s === stage ? 'active' : ''}>
              {s}
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (status === 'done') {
    const total = Object.values(stageMs).reduce((a, b) => a + (b ?? 0), 0);
    const outside = restored?.outsideFilled ?? 0;
    return (
      <div className="status" data-testid="status" data-status="done">
        {restored?.face !== false && (
          // What the person waited, not only the model's share of it.
          <div className="status-text ok" data-testid="restored-in" data-felt-ms={restored?.timing?.feltMs ?? total} data-model-ms={total}>
            Restored{(restored?.faces ?? 1) > 1 ? ` ${restored!.faces} faces` : ''} in {((restored?.timing?.feltMs ?? total) / 1000).toFixed(2)} s
          </div>
        )}
        {restored?.timing && (
          <div className="status-note" data-testid="timing">
            model {s(restored.timing.modelMs)} · {restored.timing.preparingMs >= 50 ? `getting the model ready ${s(restored.timing.preparingMs)} · ` : ''}
            photo at full size {s(restored.timing.photoMs)}
          </div>
        )}
        {restored?.context && (
          <div className="status-note" data-testid="context-fill">
            Paint around the face box was filled by the face model too, from a square twice the box’s size.
          </div>
        )}
        {outside > 0 && (
          // Say honestly which method filled what: the face model fills the crop box (and the square around it) only.
          <div className="status-note" data-testid="outside-fill">
            {restored?.face === false ? 'All the paint lies outside the face box: ' : restored?.context ? 'Paint farther out ' : 'Paint outside the face box '}
            ({outside.toLocaleString('en')} px) was filled by a smooth classical fill, not the face model.
          </div>
        )}
      </div>
    );
  }
  return null;
}

/** Restore (with seed) and Download. */
export function RestorePanel() {
  const photo = useAppStore((s) => s.photo);
  const engineState = useAppStore((s) => s.engineState);
  const status = useAppStore((s) => s.status);
  const seed = useAppStore((s) => s.seed);
  const setSeed = useAppStore((s) => s.setSeed);
  const restored = useAppStore((s) => s.restored);
  const model = useAppStore((s) => s.model);
  const maskVersion = useAppStore((s) => s.maskVersion);
  const crop = useAppStore((s) => s.crop);
  const busy = status === 'running' || status === 'downloading';
  const stale = restored && (restored.maskVersion !== maskVersion || restored.crop !== crop);

  return (
    <section className="panel">
      <h2 className="panel-title">
        <span className="step">3</span> Restore
      </h2>
      <div className="row">
        {/* Stays enabled while a run is in flight: a second press restarts with the current mask and seed (newest wins). */}
        <button
          className="btn btn-primary grow"
          onClick={() => void restore()}
          disabled={!photo || engineState !== 'ready'}
          title={busy ? 'Start again with the current mask and seed; the run in progress is dropped' : undefined}
          data-testid="restore"
          data-busy={busy}
        >
          {busy ? 'Restart' : restored ? 'Restore again' : 'Restore'}
        </button>
        {restored && (
          <button
            className="btn"
            disabled={busy}
            title="Stage 1 imagines the hole from a random latent: a new seed gives another plausible face"
            onClick={() => {
              setSeed(randomSeed());
              void restore();
            }}
            data-testid="another"
          >
            Another face
          </button>
        )}
      </div>
      <Variants />
      <div className="row seed-row">
        <label className="field-label" htmlFor="seed">
          Seed
        </label>
        <input id="seed" className="seed-input" type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} data-testid="seed" />
        <button className="btn btn-small btn-quiet" onClick={() => setSeed(randomSeed())} disabled={busy} title="Another seed imagines a different face in the hole">
          New seed
        </button>
      </div>
      <StatusLine />
      {model && (
        <p className="muted small" data-testid="model-info">
          Model {model.name} · works at {model.R}×{model.R} px
        </p>
      )}
      {restored && (
        <>
          {stale && <p className="muted small">The mask or crop changed since this result. Restore again to update it.</p>}
          <ResultActions />
        </>
      )}
    </section>
  );
}
