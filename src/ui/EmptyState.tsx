import { SAMPLE_CREDIT } from './constants';

interface Props {
  onPick(): void;
  onSample(): void;
}

/** The first screen: what the app does and the three ways to bring in a photo. */
export function EmptyState({ onPick, onSample }: Props) {
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty-card">
        <div className="empty-icon" aria-hidden>
          <svg viewBox="0 0 48 48" width="48" height="48">
            <rect x="6" y="9" width="36" height="30" rx="6" fill="none" stroke="currentColor" strokeWidth="2.5" />
            <circle cx="24" cy="22" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.5" />
            <path d="M14 35c2.5-4.5 6-6.5 10-6.5s7.5 2 10 6.5" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
          </svg>
        </div>
        <h1>Restore a face photo</h1>
        <p className="lead">Paint over what is missing or covered, and three neural stages fill it in. Everything runs in this browser tab: your photo never leaves your device.</p>
        <div className="empty-actions">
          <button className="btn btn-primary btn-lg" onClick={onPick}>
            Choose a photo
          </button>
          <button className="btn btn-ghost btn-lg" onClick={onSample} data-testid="try-sample">
            Try the sample
          </button>
        </div>
        <p className="hint">or drop a photo here (JPEG, PNG, WebP, GIF, BMP or AVIF), or paste one with Ctrl/⌘+V</p>
        <p className="credit">Sample portrait: {SAMPLE_CREDIT}</p>
      </div>
    </div>
  );
}
