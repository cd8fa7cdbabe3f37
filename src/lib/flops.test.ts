import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { countFlops } from './flops';

const { onnx } = onnxProto; // a CommonJS module: no named ESM exports in Node

const vi = (name: string, dims: number[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });

/** A tiny graph: Conv 3->8 (3x3, 16x16), LeakyRelu, Flatten-free Gemm [1,8]x[8,4], encoded and decoded. */
function tinyModel(): Uint8Array {
  const graph = onnx.GraphProto.create({
    name: 'tiny',
    node: [
      { opType: 'Conv', input: ['x', 'w', 'b'], output: ['c'], attribute: [{ name: 'pads', ints: [1, 1, 1, 1], type: 7 }] },
      { opType: 'LeakyRelu', input: ['c'], output: ['r'] },
      { opType: 'GlobalAveragePool', input: ['r'], output: ['p'] },
      { opType: 'Reshape', input: ['p', 'shape'], output: ['f'] },
      { opType: 'Gemm', input: ['f', 'g', 'gb'], output: ['y'] },
    ],
    initializer: [
      { name: 'w', dims: [8, 3, 3, 3], dataType: 1 },
      { name: 'b', dims: [8], dataType: 1 },
      { name: 'shape', dims: [2], dataType: 7 },
      { name: 'g', dims: [8, 4], dataType: 1 },
      { name: 'gb', dims: [4], dataType: 1 },
    ],
    input: [vi('x', [1, 3, 16, 16])],
    output: [vi('y', [1, 4])],
    valueInfo: [vi('c', [1, 8, 16, 16]), vi('r', [1, 8, 16, 16]), vi('p', [1, 8, 1, 1]), vi('f', [1, 8])],
  });
  return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, graph, opsetImport: [{ version: 17 }] })).finish();
}

describe('countFlops', () => {
  it('counts a tiny generated graph by hand', () => {
    const model = onnx.ModelProto.decode(tinyModel());
    const c = countFlops(model.graph!);
    const conv = 2 * (8 * 16 * 16) * (3 * 3 * 3);
    const gemm = 2 * 4 * 8;
    expect(c.byOp.Conv).toBe(conv);
    expect(c.byOp.Gemm).toBe(gemm);
    expect(c.matmul).toBe(conv + gemm);
    expect(c.byOp.LeakyRelu).toBe(8 * 16 * 16);
    expect(c.other).toBe(8 * 16 * 16 + 8 + 8);
    expect(c.total).toBe(c.matmul + c.other);
  });
  it('refuses a graph without shapes instead of guessing', () => {
    const model = onnx.ModelProto.decode(tinyModel());
    model.graph!.valueInfo = [];
    expect(() => countFlops(model.graph!)).toThrow(/no static shape/);
  });
});
