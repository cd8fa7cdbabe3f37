// The app's three-stage pipeline (src/worker/pipeline.ts) on onnxruntime-node: what is measured
// is exactly the shipped graphs and the app's own pre- and post-processing code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { GRAPH_ORDER, validateManifest, type GraphName, type Manifest } from '../../src/lib/manifest';
import type { Feed, GraphSession } from '../../src/worker/runtime';

export async function loadModels(dir: string, threads: number): Promise<{ manifest: Manifest; sessions: Record<GraphName, GraphSession> }> {
  const manifest = validateManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  const sessions = {} as Record<GraphName, GraphSession>;
  for (const name of GRAPH_ORDER) {
    const session = await ort.InferenceSession.create(join(dir, manifest.graphs[name].file), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
    });
    sessions[name] = {
      async run(feeds: Record<string, Feed>) {
        const tensors: Record<string, ort.Tensor> = {};
        for (const [k, f] of Object.entries(feeds)) tensors[k] = new ort.Tensor('float32', f.data, f.dims);
        const out = await session.run(tensors);
        const result: Record<string, Float32Array> = {};
        for (const [k, t] of Object.entries(out)) result[k] = t.data as Float32Array;
        return result;
      },
      release: () => session.release(),
    };
  }
  return { manifest, sessions };
}
