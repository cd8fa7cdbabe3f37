// The three ISFRNet stages on one crop: prior -> structure -> refine, with the known pixels put
// back after each stage (composite = image * (1 - mask) + output * mask), as the graphs were trained.
import { GRAPH_ORDER, STAGE_INPUT, type GraphName, type Manifest } from '../lib/manifest';
import { standardNormal } from '../lib/rng';
import { composite, holeImage, rgbaToNchw } from '../lib/tensor';
import type { GraphSession } from './runtime';

export interface PipelineInput {
  /** RGBA bytes, R x R. */
  rgba: Uint8ClampedArray;
  /** R x R, 1 = hole. */
  mask: Float32Array;
  seed: number;
}

export interface PipelineHooks {
  onRunning(stage: GraphName): void;
  /** The stage's composite for input `index`, [1,3,R,R] in [-1,1]. */
  onStage(stage: GraphName, composite: Float32Array, ms: number, index: number): void;
  /** Checked between stages: true when a newer run has replaced this one. */
  isStale(): boolean;
}

/**
 * Runs all stages; returns false when it stopped early because the run went stale. Several inputs
 * (further faces, the wider pass around the face) go stage by stage together: on a first visit
 * the refine graph is the last to arrive, and every input's prior and structure run meanwhile.
 */
export async function runPipeline(
  /** A stage's session, or its promise: a stage runs as soon as its own session is open. */
  sessions: Record<GraphName, GraphSession | Promise<GraphSession>>,
  manifest: Manifest,
  inputs: PipelineInput | PipelineInput[],
  hooks: PipelineHooks,
): Promise<boolean> {
  const R = manifest.R;
  const imageDims = [1, 3, R, R];
  const runs = (Array.isArray(inputs) ? inputs : [inputs]).map((input) => {
    const image = holeImage(rgbaToNchw(input.rgba, R, R), input.mask);
    const feedsBase = { image: { data: image, dims: imageDims }, mask: { data: input.mask, dims: [1, 1, R, R] } };
    return { input, image, feedsBase, previous: standardNormal(input.seed, manifest.Z) };
  });
  for (const stage of GRAPH_ORDER) {
    const session = await sessions[stage];
    if (hooks.isStale()) return false;
    hooks.onRunning(stage);
    for (const [index, run] of runs.entries()) {
      if (index && hooks.isStale()) return false;
      const started = performance.now();
      const third = stage === 'prior' ? { data: run.previous, dims: [1, manifest.Z] } : { data: run.previous, dims: imageDims };
      const outputs = await session.run({ ...run.feedsBase, [STAGE_INPUT[stage]]: third });
      const outputName = manifest.graphs[stage].outputs[0].name;
      const generated = outputs[outputName];
      if (!generated || generated.length !== 3 * R * R) {
        throw new Error(`The ${stage} graph returned no "${outputName}" output of ${3 * R * R} values.`);
      }
      run.previous = composite(run.image, run.input.mask, generated);
      hooks.onStage(stage, run.previous, performance.now() - started, index);
    }
  }
  return true;
}
