import { discardSession, resumeSession } from '../engine/session';
import { useAppStore } from '../store';
import { loadPhoto } from './loadPhoto';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const size = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(b / 1e3))} kB`);

/** The offer to continue a session an earlier visit left on this device. */
export function RecoveryBanner() {
  const offer = useAppStore((s) => s.recovery);
  if (!offer) return null;
  const what = [`${offer.strokes} stroke${offer.strokes === 1 ? '' : 's'}`, offer.hasResult ? 'its result' : null].filter(Boolean).join(', ');
  return (
    <div className="notice notice-info" role="region" aria-label="Saved session" data-testid="recovery">
      <span>
        Your last session is saved on this device: “{offer.name}”, {what}, {when(offer.savedAt)} ({size(offer.bytes)}). Continue where you
        left off, or discard it. Opening another photo replaces it.
      </span>
      <button className="btn btn-small notice-action" onClick={() => void resumeSession(loadPhoto)} data-testid="resume-session">
        Continue
      </button>
      <button className="btn btn-small btn-quiet notice-action" onClick={() => void discardSession()} data-testid="discard-session">
        Discard
      </button>
    </div>
  );
}
