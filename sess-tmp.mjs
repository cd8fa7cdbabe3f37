import * as ort from 'onnxruntime-web/wasm';
import { readFileSync } from 'node:fs';
ort.env.wasm.numThreads = 1;
const [dir, lvl, ...graphs] = process.argv.slice(2);
const m = JSON.parse(readFileSync(dir + '/manifest.json','utf8'));
for (const g of graphs) {
  const b = readFileSync(`${dir}/${g}.onnx`);
  let t = performance.now();
  const s = await ort.InferenceSession.create(b, { graphOptimizationLevel: lvl });
  const c = performance.now() - t;
  const inputs = {};
  for (const i of m.graphs[g].inputs) inputs[i.name] = new ort.Tensor('float32', new Float32Array(i.shape.reduce((a,b)=>a*b,1)), i.shape);
  const runs = [];
  for (let k = 0; k < 12; k++) { t = performance.now(); await s.run(inputs); runs.push((performance.now() - t).toFixed(0)); }
  console.log(lvl, g, 'create', c.toFixed(0), 'runs', runs.join(' '));
}
