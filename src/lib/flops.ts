// FLOPs of an ONNX graph, counted from the file: multiply-adds of Conv, ConvTranspose, Gemm and
// MatMul count 2 each (the dominant cost), every other node 1 per output element. Shapes come
// from the graph's inputs, outputs, initializers and value_info (our export stores inferred
// shapes for every tensor). Pure: takes a decoded model, so Node tools and tests share it.

export interface Dim {
  dimValue?: number | { toNumber(): number } | null;
}
export interface ValueInfo {
  name?: string | null;
  type?: { tensorType?: { shape?: { dim?: Dim[] | null } | null } | null } | null;
}
export interface Attribute {
  name?: string | null;
  i?: number | { toNumber(): number } | null;
}
export interface NodeLike {
  opType?: string | null;
  input?: string[] | null;
  output?: string[] | null;
  attribute?: Attribute[] | null;
}
export interface GraphLike {
  node?: NodeLike[] | null;
  input?: ValueInfo[] | null;
  output?: ValueInfo[] | null;
  valueInfo?: ValueInfo[] | null;
  initializer?: { name?: string | null; dims?: (number | { toNumber(): number })[] | null }[] | null;
}

export interface FlopCount {
  /** 2 x multiply-adds of Conv/ConvTranspose/Gemm/MatMul. */
  matmul: number;
  /** one per output element of every other node. */
  other: number;
  total: number;
  byOp: Record<string, number>;
}

const num = (v: number | { toNumber(): number } | null | undefined): number =>
  v == null ? NaN : typeof v === 'number' ? v : v.toNumber();

function shapes(graph: GraphLike): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const vi of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) {
    const dims = vi.type?.tensorType?.shape?.dim;
    if (vi.name && dims) map.set(vi.name, dims.map((d) => num(d.dimValue)));
  }
  for (const init of graph.initializer ?? []) if (init.name) map.set(init.name, (init.dims ?? []).map(num));
  return map;
}

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

export function countFlops(graph: GraphLike): FlopCount {
  const shape = shapes(graph);
  const need = (name: string | undefined, op: string): number[] => {
    const s = name ? shape.get(name) : undefined;
    if (!s || s.some((d) => !Number.isFinite(d))) throw new Error(`countFlops: no static shape for ${op} tensor "${name}" (export with shape inference)`);
    return s;
  };
  const result: FlopCount = { matmul: 0, other: 0, total: 0, byOp: {} };
  for (const node of graph.node ?? []) {
    const op = node.opType ?? '?';
    const inputs = node.input ?? [];
    const outputs = node.output ?? [];
    let flops: number;
    if (op === 'Conv' || op === 'ConvTranspose') {
      const w = need(inputs[1], op); // Conv: [Cout, Cin/g, kh, kw]; ConvTranspose: [Cin, Cout/g, kh, kw]
      const kernel = product(w.slice(2));
      if (op === 'Conv') flops = 2 * product(need(outputs[0], op)) * w[1] * kernel;
      else flops = 2 * product(need(inputs[0], op)) * w[1] * kernel;
      result.matmul += flops;
    } else if (op === 'Gemm' || op === 'MatMul') {
      const a = need(inputs[0], op);
      const transA = (node.attribute ?? []).some((at) => at.name === 'transA' && num(at.i) === 1);
      const k = op === 'Gemm' && transA ? a[a.length - 2] : a[a.length - 1];
      flops = 2 * product(need(outputs[0], op)) * k;
      result.matmul += flops;
    } else {
      const out = outputs[0] ? shape.get(outputs[0]) : undefined;
      flops = out && out.every(Number.isFinite) ? product(out) : 0; // shape-only ops (Shape, Constant) cost ~0
      result.other += flops;
    }
    result.byOp[op] = (result.byOp[op] ?? 0) + flops;
  }
  result.total = result.matmul + result.other;
  return result;
}
