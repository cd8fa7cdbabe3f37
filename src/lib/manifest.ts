// The graph contract (DESIGN.md section 2): public/models/manifest.json describes the three
// graphs. Everything the app needs to know about the model (names, shapes, R, Z) comes from here.

export type GraphName = 'prior' | 'structure' | 'refine';
export const GRAPH_ORDER: readonly GraphName[] = ['prior', 'structure', 'refine'];

export interface TensorSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface GraphSpec {
  file: string;
  bytes: number;
  sha256: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export interface Manifest {
  format: 1;
  name: string;
  R: number;
  Z: number;
  valueRange: [number, number];
  graphs: Record<GraphName, GraphSpec>;
}

/** The third input of each graph after `image` and `mask`: what the previous stage produced. */
export const STAGE_INPUT: Record<GraphName, string> = {
  prior: 'z',
  structure: 'prior_composite',
  refine: 'structure_composite',
};

export class ManifestError extends Error {
  constructor(detail: string) {
    super(`The model description (models/manifest.json) is not usable: ${detail}`);
    this.name = 'ManifestError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/** Checks a parsed manifest.json against the contract; throws ManifestError saying what is wrong. */
export function validateManifest(raw: unknown): Manifest {
  if (!isObject(raw)) throw new ManifestError('it is not a JSON object.');
  if (raw.format !== 1) throw new ManifestError(`format ${String(raw.format)} is not supported (expected 1).`);
  const { R, Z } = raw;
  if (!isPositiveInt(R)) throw new ManifestError('"R" (model resolution) must be a positive integer.');
  if (!isPositiveInt(Z)) throw new ManifestError('"Z" (latent size) must be a positive integer.');
  const range = raw.valueRange;
  if (!Array.isArray(range) || range[0] !== -1 || range[1] !== 1) {
    throw new ManifestError('"valueRange" must be [-1, 1].');
  }
  if (!isObject(raw.graphs)) throw new ManifestError('"graphs" is missing.');
  const graphs = {} as Record<GraphName, GraphSpec>;
  for (const name of GRAPH_ORDER) {
    graphs[name] = validateGraph(name, raw.graphs[name], R, Z);
  }
  return { format: 1, name: typeof raw.name === 'string' ? raw.name : 'model', R, Z, valueRange: [-1, 1], graphs };
}

function validateGraph(name: GraphName, raw: unknown, R: number, Z: number): GraphSpec {
  if (!isObject(raw)) throw new ManifestError(`graph "${name}" is missing.`);
  const { file, bytes, sha256 } = raw;
  if (typeof file !== 'string' || !/^[\w.-]+\.onnx$/.test(file)) {
    throw new ManifestError(`graph "${name}" has no valid "file" (a plain .onnx file name).`);
  }
  if (!isPositiveInt(bytes)) throw new ManifestError(`graph "${name}" has no valid "bytes".`);
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new ManifestError(`graph "${name}" has no valid "sha256" (64 lowercase hex digits).`);
  }
  const inputs = tensorList(name, 'inputs', raw.inputs);
  const outputs = tensorList(name, 'outputs', raw.outputs);
  const image = [1, 3, R, R];
  const expected: Record<string, number[]> = { image, mask: [1, 1, R, R] };
  expected[STAGE_INPUT[name]] = name === 'prior' ? [1, Z] : image;
  for (const [inputName, shape] of Object.entries(expected)) {
    const spec = inputs.find((t) => t.name === inputName);
    if (!spec) throw new ManifestError(`graph "${name}" lacks input "${inputName}".`);
    if (!sameShape(spec.shape, shape)) {
      throw new ManifestError(`graph "${name}" input "${inputName}" has shape [${spec.shape}], expected [${shape}].`);
    }
  }
  if (inputs.length !== 3) throw new ManifestError(`graph "${name}" must have exactly 3 inputs.`);
  if (outputs.length !== 1 || !sameShape(outputs[0].shape, image)) {
    throw new ManifestError(`graph "${name}" must have one output of shape [${image}].`);
  }
  return { file, bytes, sha256, inputs, outputs };
}

function tensorList(graph: string, key: string, raw: unknown): TensorSpec[] {
  if (!Array.isArray(raw)) throw new ManifestError(`graph "${graph}" has no "${key}" list.`);
  return raw.map((t, i) => {
    if (!isObject(t) || typeof t.name !== 'string' || !Array.isArray(t.shape) || !t.shape.every(isPositiveInt)) {
      throw new ManifestError(`graph "${graph}" ${key}[${i}] needs a name and a shape of positive integers.`);
    }
    if (t.dtype !== 'float32') throw new ManifestError(`graph "${graph}" tensor "${t.name}" must be float32.`);
    return { name: t.name, shape: t.shape as number[], dtype: 'float32' };
  });
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
