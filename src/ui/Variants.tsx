import { imagine, pickVariant, VARIANT_COUNT } from '../engine/imagine';
import { useAppStore } from '../store';
import { RgbaCanvas } from './RgbaCanvas';

/**
 * "Imagine 4" and its results: four faces from four seeds, as thumbnails of the final stage. The
 * picked one becomes the result (comparison and download); its seed goes into the Seed field.
 */
export function Variants() {
  const photo = useAppStore((s) => s.photo);
  const engineState = useAppStore((s) => s.engineState);
  const busy = useAppStore((s) => s.status === 'running' || s.status === 'downloading');
  const variants = useAppStore((s) => s.variants);
  const wanted = useAppStore((s) => s.variantsWanted);
  const pickedSeed = useAppStore((s) => s.restored?.seed);
  const R = useAppStore((s) => s.model?.R ?? 0);
  return (
    <div className="variants">
      <button
        className="btn"
        onClick={() => void imagine()}
        disabled={!photo || busy || engineState !== 'ready'}
        title="Stage 1 imagines the hole from a random latent: four seeds give four plausible faces to choose from"
        data-testid="imagine"
      >
        Imagine {VARIANT_COUNT}
      </button>
      {wanted > 0 && R > 0 && (
        <div className="variant-grid" role="radiogroup" aria-label="Imagined faces" data-testid="variants">
          {Array.from({ length: wanted }, (_, i) => {
            const v = variants[i];
            const px = v?.previews.refine;
            if (!v || !px) {
              return (
                <div key={i} className="variant pending" aria-label={`Face ${i + 1}: imagining…`}>
                  <div className="variant-img stage-pending" />
                  <span className="variant-seed muted">…</span>
                </div>
              );
            }
            const on = pickedSeed === v.seed;
            return (
              <button
                key={v.seed}
                role="radio"
                aria-checked={on}
                aria-label={`Face ${i + 1}, seed ${v.seed}`}
                className={`variant ${on ? 'on' : ''}`}
                onClick={() => void pickVariant(i)}
                disabled={busy}
                data-testid={`variant-${i}`}
                data-seed={v.seed}
              >
                <RgbaCanvas pixels={px} width={R} height={R} className="variant-img" data-testid={`variant-img-${i}`} />
                <span className="variant-seed">Seed {v.seed}</span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
