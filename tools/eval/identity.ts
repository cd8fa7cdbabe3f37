// Identity similarity: the cosine of 128-D face descriptors (face-api's ResNet-34-like face
// recognition net, its weights shipped inside the npm package) between a restored face and the
// original. Runs on TensorFlow.js's WASM backend; nothing is fetched from a hub.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cosine } from '../../src/lib/metrics';

const require = createRequire(import.meta.url);
type FaceApi = typeof import('@vladmandic/face-api');
let api: FaceApi | undefined;

async function load(): Promise<FaceApi> {
  if (api) return api;
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  const faceapi: FaceApi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const tf: typeof import('@tensorflow/tfjs') = require('@tensorflow/tfjs'); // the instance face-api uses
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  api = faceapi;
  return faceapi;
}

/** The descriptor of an aligned face crop (RGBA bytes size x size); the net resizes it to 150. */
export async function faceDescriptor(rgba: Uint8ClampedArray, size: number): Promise<Float32Array> {
  const faceapi = await load();
  const rgb = new Int32Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    rgb[i * 3] = rgba[i * 4];
    rgb[i * 3 + 1] = rgba[i * 4 + 1];
    rgb[i * 3 + 2] = rgba[i * 4 + 2];
  }
  const t = faceapi.tf.tensor3d(rgb, [size, size, 3], 'int32');
  try {
    return (await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t)) as Float32Array;
  } finally {
    t.dispose();
  }
}

export const identitySimilarity = cosine;
