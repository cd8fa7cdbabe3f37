// The face detector's arithmetic around its network (face-api's tiny face detector,
// tinyFaceNet.ts): the input it expects and the boxes in its output grid. Pure, so the app's
// worker and the evaluation in Node find the same faces. Every step follows face-api
// (TinyYolov2Base.detect, NetInput.toBatchTensor), so the crop convention measured with face-api
// (tools/facecrop/calibrate.ts) holds.
import { runTinyFaceNet, type TinyFaceWeights } from './tinyFaceNet';

/** face-api's settings the crop convention was measured with. 416, not 320: at 320 px group
 * photos (faces about a sixth of the width) got boxes on the hair between people and missed small
 * faces (../shared/data/photos/whole/02.png, 00.jpg; e2e/faces.spec.ts). */
export const DETECTOR_INPUT = 416;
export const DETECTOR_THRESHOLD = 0.3;
const IOU_THRESHOLD = 0.4;
const ANCHORS: [number, number][] = [
  [1.603231, 2.094468],
  [6.041143, 7.080126],
  [2.882459, 3.518061],
  [4.266906, 5.178857],
  [9.041765, 10.66308],
];

export interface DetectedBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/** Where the photo sits for one look: at (ox, oy) on a mid-grey canvas of cw x ch. */
export interface Placement {
  ox: number;
  oy: number;
  cw: number;
  ch: number;
}

/**
 * The graph's input, [1, 3, size, size] RGB in 0..255: the photo (RGBA, w x h) placed on its grey
 * canvas, the canvas padded to a square with black at the right or bottom, resized bilinearly the
 * way TF.js does (no corner alignment, no half-pixel centres).
 */
export function detectorInput(rgba: ArrayLike<number>, w: number, h: number, at: Placement, size = DETECTOR_INPUT): Float32Array {
  const { ox, oy, cw, ch } = at;
  const side = Math.max(cw, ch);
  /** canvas value at (x, y), channel c: black outside the canvas, grey outside the photo */
  const sample = (x: number, y: number, c: number) => {
    if (x >= cw || y >= ch) return 0;
    const px = x - ox, py = y - oy;
    return px >= 0 && py >= 0 && px < w && py < h ? rgba[(py * w + px) * 4 + c] : 128;
  };
  const out = new Float32Array(3 * size * size);
  const scale = side / size;
  for (let j = 0; j < size; j++) {
    const sy = j * scale;
    const y0 = Math.floor(sy), y1 = Math.min(y0 + 1, side - 1), fy = sy - y0;
    for (let i = 0; i < size; i++) {
      const sx = i * scale;
      const x0 = Math.floor(sx), x1 = Math.min(x0 + 1, side - 1), fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const top = sample(x0, y0, c) + (sample(x1, y0, c) - sample(x0, y0, c)) * fx;
        const bottom = sample(x0, y1, c) + (sample(x1, y1, c) - sample(x0, y1, c)) * fx;
        out[c * size * size + j * size + i] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function iou(a: DetectedBox, b: DetectedBox): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * The faces in the graph's output grid ([1, 25, cells, cells]: 5 anchors x (x, y, w, h, score)),
 * in the photo's pixels, most confident first, overlapping boxes suppressed (IoU > 0.4).
 */
export function decodeDetections(grid: ArrayLike<number>, cells: number, at: Placement, threshold = DETECTOR_THRESHOLD, size = DETECTOR_INPUT): DetectedBox[] {
  const { ox, oy, cw, ch } = at;
  const side = Math.max(cw, ch);
  // face-api's boxes are relative to the canvas, corrected for the padding to a square by the
  // canvas's rounded size at the input resolution
  const fx = (size / Math.round((cw * size) / side)) * cw;
  const fy = (size / Math.round((ch * size) / side)) * ch;
  const at2 = (a: number, k: number, row: number, col: number) => grid[((a * 5 + k) * cells + row) * cells + col];
  const found: DetectedBox[] = [];
  for (let row = 0; row < cells; row++)
    for (let col = 0; col < cells; col++)
      for (let a = 0; a < ANCHORS.length; a++) {
        const score = sigmoid(at2(a, 4, row, col));
        if (score <= threshold) continue;
        const cx = (col + sigmoid(at2(a, 0, row, col))) / cells;
        const cy = (row + sigmoid(at2(a, 1, row, col))) / cells;
        const bw = (Math.exp(at2(a, 2, row, col)) * ANCHORS[a][0]) / cells;
        const bh = (Math.exp(at2(a, 3, row, col)) * ANCHORS[a][1]) / cells;
        found.push({ x: (cx - bw / 2) * fx - ox, y: (cy - bh / 2) * fy - oy, width: bw * fx, height: bh * fy, score });
      }
  found.sort((p, q) => q.score - p.score);
  const kept: DetectedBox[] = [];
  for (const box of found) if (kept.every((k) => iou(k, box) <= IOU_THRESHOLD)) kept.push(box);
  return kept;
}

/** The looks to take at a photo: as it is, then, when nothing is found, in the middle of a grey
 * canvas twice its size (a tight face crop is larger than the detector's anchors). */
export function detectorPlacements(w: number, h: number): Placement[] {
  const pad = Math.round(Math.max(w, h) / 2);
  return [
    { ox: 0, oy: 0, cw: w, ch: h },
    { ox: pad, oy: pad, cw: w + 2 * pad, ch: h + 2 * pad },
  ];
}

/** One look: the photo (RGBA, w x h) placed as `at`, through the network; boxes in the photo's pixels. */
export function lookForFaces(weights: TinyFaceWeights, rgba: ArrayLike<number>, w: number, h: number, at: Placement, size = DETECTOR_INPUT, threshold = DETECTOR_THRESHOLD): DetectedBox[] {
  const { grid, cells } = runTinyFaceNet(weights, detectorInput(rgba, w, h, at, size), size);
  return decodeDetections(grid, cells, at, threshold, size);
}

/** Every face in the photo, most confident first: the looks of detectorPlacements, until one finds any. */
export function findFaces(weights: TinyFaceWeights, rgba: ArrayLike<number>, w: number, h: number): DetectedBox[] {
  for (const at of detectorPlacements(w, h)) {
    const boxes = lookForFaces(weights, rgba, w, h, at);
    if (boxes.length) return boxes;
  }
  return [];
}
