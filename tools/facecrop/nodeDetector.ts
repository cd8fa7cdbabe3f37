// The app's face detector in Node, for the evaluation and the face tools: the same ONNX graph
// (scripts/faceDetectorGraph.mjs, built here from the weights in the npm package), the same input
// and decoding (src/lib/faceDetect.ts) and the same two looks, on onnxruntime-node; the photo
// scaled to at most 640 px as src/engine/face.ts sends it (area resize here; the page's canvas
// resize there).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { buildFaceDetectorGraph } from '../../scripts/faceDetectorGraph.mjs';
import { decodeDetections, detectorInput, detectorPlacements, DETECTOR_INPUT, DETECTOR_THRESHOLD, type DetectedBox, type Placement } from '../../src/lib/faceDetect';
import type { ImageRect } from '../../src/lib/geometry';
import { cropResizeArea } from '../../src/lib/resample';

const DETECT_MAX = 640;
const require = createRequire(import.meta.url);
let session: Promise<ort.InferenceSession> | null = null;

/** The detector graph's bytes, from face-api's weights in node_modules. */
export function faceDetectorGraph(): Uint8Array {
  const dir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const manifest = JSON.parse(readFileSync(join(dir, 'tiny_face_detector_model-weights_manifest.json'), 'utf8'));
  return buildFaceDetectorGraph(manifest, readFileSync(join(dir, 'tiny_face_detector_model.bin')));
}

/** One look at the photo (RGBA) placed as `at`; boxes in the photo's pixels, most confident first. */
export async function locate(rgba: ArrayLike<number>, w: number, h: number, at: Placement, size = DETECTOR_INPUT, threshold = DETECTOR_THRESHOLD): Promise<DetectedBox[]> {
  session ??= ort.InferenceSession.create(faceDetectorGraph(), { intraOpNumThreads: 1 });
  const s = await session;
  const out = await s.run({ image: new ort.Tensor('float32', detectorInput(rgba, w, h, at, size), [1, 3, size, size]) });
  const grid = out.grid;
  return decodeDetections(grid.data as Float32Array, grid.dims[2], at, threshold, size);
}

/** Every face in an RGBA photo (the app's two looks), most confident first, in the photo's pixels. */
export async function detectFaces(rgba: ArrayLike<number>, w: number, h: number): Promise<DetectedBox[]> {
  const [plain, padded] = detectorPlacements(w, h);
  const boxes = await locate(rgba, w, h, plain);
  return boxes.length ? boxes : locate(rgba, w, h, padded);
}

/** The faces in a square RGBA photo, scaled to at most 640 px first as the app does. */
export async function findFaces(rgba: Uint8ClampedArray, width: number, height: number): Promise<ImageRect[]> {
  const d = Math.min(1, DETECT_MAX / Math.max(width, height));
  const w = Math.max(1, Math.round(width * d)), h = Math.max(1, Math.round(height * d));
  if (d < 1 && width !== height) throw new Error('findFaces: only square photos are scaled here');
  const small = d < 1 ? cropResizeArea(rgba, width, height, { x: 0, y: 0, size: width }, w) : rgba;
  const boxes = await detectFaces(small, w, h);
  return boxes.map((b) => ({ x: b.x / d, y: b.y / d, width: b.width / d, height: b.height / d }));
}
