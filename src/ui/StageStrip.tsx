import { pickStage } from '../engine/stagePick';
import { useAppStore } from '../store';
import { STAGE_LABELS } from './constants';
import { RgbaCanvas } from './RgbaCanvas';

const ORDER = ['masked', 'prior', 'structure', 'refine'] as const;

/**
 * The masked input and each stage's composite side by side, at model resolution. Once a face is
 * restored, each stage can be put into the photo (stage 3 is by default).
 */
export function StageStrip() {
  const previews = useAppStore((s) => s.previews);
  const stageMs = useAppStore((s) => s.stageMs);
  const R = useAppStore((s) => s.model?.R ?? 0);
  const restored = useAppStore((s) => s.restored);
  const busy = useAppStore((s) => s.status === 'running' || s.status === 'downloading');
  if (!R || !previews.masked) return null;
  const inPhoto = restored?.face && restored.stagesPickable && !busy ? (restored.stage ?? 'refine') : null;
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
            {inPhoto && key !== 'masked' && px && (
              <button
                className={`btn btn-small stage-use${inPhoto === key ? ' chosen' : ''}`}
                aria-pressed={inPhoto === key}
                onClick={() => void pickStage(key)}
                title={inPhoto === key ? 'This stage’s face is the one in the photo and the download' : 'Put this stage’s face into the photo instead'}
                data-testid={`use-${key}`}
              >
                {inPhoto === key ? 'In the photo' : 'Use this one'}
              </button>
            )}
          </figure>
        );
      })}
    </div>
  );
}
