// A run whose stages are not shown (a further face, the wider pass around the face): the refined
// R x R result, each stage's (a person may take another stage's face: engine/stagePick.ts) and
// the model's time. Null when a newer run took over.
import type { RunInput } from '../lib/runInput';
import type { EngineClient } from './client';
import type { ByStage } from './stagePick';

export async function quietRun(client: EngineClient, input: RunInput, seed: number): Promise<{ restored: Uint8ClampedArray; byStage: ByStage; ms: number } | null> {
  const byStage: ByStage = {};
  let ms = 0;
  const outcome = await client.run(input.rgba, input.mask, seed, {
    onDownload: () => {},
    onRunning: () => {},
    onStage: (stage, px, stageMs) => {
      ms += stageMs;
      byStage[stage] = px;
    },
  });
  if (outcome.kind === 'superseded') return null;
  if (!byStage.refine) throw new Error('The refine stage returned no image.');
  return { restored: byStage.refine, byStage, ms };
}
