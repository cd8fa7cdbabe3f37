import { describe, expect, it } from 'vitest';
import { ManifestError, validateManifest } from './manifest';

const tensor = (name: string, shape: number[]) => ({ name, shape, dtype: 'float32' });
const graph = (third: string, thirdShape: number[], out: string) => ({
  file: `${out}.onnx`,
  bytes: 10,
  sha256: 'a'.repeat(64),
  inputs: [tensor('image', [1, 3, 128, 128]), tensor('mask', [1, 1, 128, 128]), tensor(third, thirdShape)],
  outputs: [tensor(out, [1, 3, 128, 128])],
});
const good = () => ({
  format: 1,
  name: 'isfrnet-r128',
  R: 128,
  Z: 64,
  opset: 17,
  valueRange: [-1, 1],
  graphs: {
    prior: graph('z', [1, 64], 'prior'),
    structure: graph('prior_composite', [1, 3, 128, 128], 'structure'),
    refine: graph('structure_composite', [1, 3, 128, 128], 'output'),
  },
});

describe('validateManifest', () => {
  it('accepts the contract and reads R and Z from it', () => {
    const m = validateManifest(good());
    expect(m.R).toBe(128);
    expect(m.Z).toBe(64);
    expect(m.graphs.refine.outputs[0].name).toBe('output');
  });

  it.each([
    ['not an object', () => 'hello', /not a JSON object/],
    ['unknown format', () => ({ ...good(), format: 2 }), /format 2/],
    ['missing graph', () => ({ ...good(), graphs: { prior: good().graphs.prior } }), /graph "structure" is missing/],
    ['bad hash', () => { const m = good(); m.graphs.prior.sha256 = 'xyz'; return m; }, /sha256/],
    ['wrong shape', () => { const m = good(); m.graphs.structure.inputs[2].shape = [1, 3, 64, 64]; return m; }, /prior_composite.*expected \[1,3,128,128\]/],
    ['missing input', () => { const m = good(); m.graphs.prior.inputs[2].name = 'latent'; return m; }, /lacks input "z"/],
    ['path in file name', () => { const m = good(); m.graphs.refine.file = '../x.onnx'; return m; }, /file/],
  ])('rejects %s with a clear message', (_label, make, pattern) => {
    expect(() => validateManifest(make())).toThrow(ManifestError);
    expect(() => validateManifest(make())).toThrow(pattern);
  });
});
