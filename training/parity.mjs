// Runs exported graphs with onnxruntime-node on the inputs that training/export.py saved,
// and prints, per graph, the largest absolute difference from PyTorch's outputs.
// usage: node training/parity.mjs <dir with cases.json and .bin tensors>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const dir = process.argv[2];
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
const read = (name) => {
  const buf = readFileSync(join(dir, name));
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
};
const report = {};
for (const c of cases) {
  const session = await ort.InferenceSession.create(c.onnx, { intraOpNumThreads: 1 });
  const feeds = {};
  for (const t of c.inputs) feeds[t.name] = new ort.Tensor('float32', read(t.file), t.shape);
  const out = await session.run(feeds);
  let maxDiff = 0;
  for (const t of c.outputs) {
    const want = read(t.file);
    const got = out[t.name].data;
    if (got.length !== want.length) throw new Error(`${c.graph}.${t.name}: ${got.length} values, expected ${want.length}`);
    for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
  }
  report[c.graph] = maxDiff;
  await session.release();
}
console.log(JSON.stringify(report));
