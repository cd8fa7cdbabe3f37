// A run whose stages are not shown (a further face, the wider pass around the face): only the
// refined R x R result and the model's time. Null when a newer run took over.
import type { RunInput } from '../lib/runInput';
import type { EngineClient } from './client';

export async function quietRun(client: EngineClient, input: RunInput, seed: number): Promise<{ restored: Uint8ClampedArray; ms: number } | null> {
  let refined: Uint8ClampedArray | null = null;
  let ms = 0;
  const outcome = await client.run(input.rgba, input.mask, seed, {
    onDownload: () => {},
    onRunning: () => {},
    onStage: (stage, px, stageMs) => {
      ms += stageMs;
      if (stage === 'refine') refined = px;
    },
  });
  if (outcome.kind === 'superseded') return null;
  if (!refined) throw new Error('The refine stage returned no image.');
  return { restored: refined, ms };
}
