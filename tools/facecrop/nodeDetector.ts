// The app's face detector in Node, for the evaluation and the face tools: the same network
// (src/lib/tinyFaceNet.ts on face-api's weights from the npm package), the same input and decoding
// (src/lib/faceDetect.ts) and the same two looks as src/worker/face.worker.ts, on the photo
// scaled to at most 640 px as src/engine/face.ts sends it (area resize here; the page's canvas
// resize there).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DETECTOR_INPUT, DETECTOR_THRESHOLD, findFaces as findAll, lookForFaces, type DetectedBox, type Placement } from '../../src/lib/faceDetect';
import type { ImageRect } from '../../src/lib/geometry';
import { cropResizeArea } from '../../src/lib/resample';
import { tinyFaceWeights, type TinyFaceWeights } from '../../src/lib/tinyFaceNet';

const DETECT_MAX = 640;
const require = createRequire(import.meta.url);
let weights: TinyFaceWeights | null = null;

function load(): TinyFaceWeights {
  const dir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  weights ??= tinyFaceWeights(
    JSON.parse(readFileSync(join(dir, 'tiny_face_detector_model-weights_manifest.json'), 'utf8')),
    readFileSync(join(dir, 'tiny_face_detector_model.bin')),
  );
  return weights;
}

/** One look at the photo (RGBA) placed as `at`; boxes in the photo's pixels, most confident first. */
export function locate(rgba: ArrayLike<number>, w: number, h: number, at: Placement, size = DETECTOR_INPUT, threshold = DETECTOR_THRESHOLD): DetectedBox[] {
  return lookForFaces(load(), rgba, w, h, at, size, threshold);
}

/** Every face in an RGBA photo (the app's two looks), most confident first, in the photo's pixels. */
export function detectFaces(rgba: ArrayLike<number>, w: number, h: number): DetectedBox[] {
  return findAll(load(), rgba, w, h);
}

/** The faces in a square RGBA photo, scaled to at most 640 px first as the app does. */
export async function findFaces(rgba: Uint8ClampedArray, width: number, height: number): Promise<ImageRect[]> {
  const d = Math.min(1, DETECT_MAX / Math.max(width, height));
  const w = Math.max(1, Math.round(width * d)), h = Math.max(1, Math.round(height * d));
  if (d < 1 && width !== height) throw new Error('findFaces: only square photos are scaled here');
  const small = d < 1 ? cropResizeArea(rgba, width, height, { x: 0, y: 0, size: width }, w) : rgba;
  return detectFaces(small, w, h).map((b) => ({ x: b.x / d, y: b.y / d, width: b.width / d, height: b.height / d }));
}
