import { useAppStore } from '../store';
import { STAGE_LABELS } from './constants';
import { RgbaCanvas } from './RgbaCanvas';

const ORDER = ['masked', 'prior', 'structure', 'refine'] as const;

/** The masked input and each stage's composite side by side, at model resolution. */
export function StageStrip() {
  const previews = useAppStore((s) => s.previews);
  const stageMs = useAppStore((s) => s.stageMs);
  const R = useAppStore((s) => s.model?.R ?? 0);
  if (!R || !previews.masked) return null;
  return (
    <div className="stage-strip" data-testid="stage-strip">
      {ORDER.map((key) => {
        const px = previews[key];
        const ms = key === 'masked' ? undefined : stageMs[key];
        return (
          <figure key={key} className="stage-card">
            {px ? (
              <RgbaCanvas pixels={px} width={R} height={R} className="stage-img" data-testid={`stage-${key}`} />
            ) : (
              <div className="stage-img stage-pending" aria-label="pending" />
            )}
            <figcaption>
              <span>{STAGE_LABELS[key]}</span>
              {ms !== undefined && <span className="muted">{ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}</span>}
            </figcaption>
          </figure>
        );
      })}
    </div>
  );
}
