import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectFaces, locate } from '../../tools/facecrop/nodeDetector';
import { decodeDetections, detectorInput, detectorPlacements, type DetectedBox, type Placement } from './faceDetect';

const logit = (p: number) => Math.log(p / (1 - p));

describe('decodeDetections', () => {
  const cells = 13;
  /** A grid with the given cells set: anchor a at (row, col), score p, centred, anchor-sized. */
  const grid = (set: { a: number; row: number; col: number; p: number }[]) => {
    const g = new Float32Array(25 * cells * cells).fill(-20); // every score ~0
    for (let a = 0; a < 5; a++)
      for (let k = 0; k < 4; k++) for (let i = 0; i < cells * cells; i++) g[(a * 5 + k) * cells * cells + i] = 0;
    for (const { a, row, col, p } of set) g[(a * 5 + 4) * cells * cells + row * cells + col] = logit(p);
    return g;
  };
  const square: Placement = { ox: 0, oy: 0, cw: 416, ch: 416 };

  it('puts a box where its cell is, sized by its anchor, in the photo pixels', () => {
    const [box, ...rest] = decodeDetections(grid([{ a: 1, row: 6, col: 3, p: 0.9 }]), cells, square);
    expect(rest).toHaveLength(0);
    expect(box.score).toBeCloseTo(0.9, 5);
    // centre at (col + 0.5) / 13 of 416; width 6.041143 / 13 of 416
    expect(box.x + box.width / 2).toBeCloseTo((3.5 / 13) * 416, 3);
    expect(box.y + box.height / 2).toBeCloseTo((6.5 / 13) * 416, 3);
    expect(box.width).toBeCloseTo((6.041143 / 13) * 416, 3);
  });

  it('drops scores under the threshold and keeps the best of overlapping boxes', () => {
    const boxes = decodeDetections(
      grid([
        { a: 4, row: 6, col: 6, p: 0.8 },
        { a: 4, row: 6, col: 7, p: 0.7 }, // the same face one cell over: suppressed
        { a: 0, row: 1, col: 11, p: 0.6 }, // elsewhere: kept
        { a: 0, row: 11, col: 1, p: 0.29 }, // under the threshold: dropped
      ]),
      cells,
      square,
    );
    expect(boxes.map((b) => +b.score.toFixed(2))).toEqual([0.8, 0.6]);
  });

  it('returns boxes relative to the photo when it sits on a larger canvas', () => {
    const at: Placement = { ox: 100, oy: 100, cw: 416, ch: 416 };
    const [shifted] = decodeDetections(grid([{ a: 1, row: 6, col: 3, p: 0.9 }]), cells, at);
    const [plain] = decodeDetections(grid([{ a: 1, row: 6, col: 3, p: 0.9 }]), cells, square);
    expect(shifted.x).toBeCloseTo(plain.x - 100, 4);
    expect(shifted.y).toBeCloseTo(plain.y - 100, 4);
  });
});

describe('detectorInput', () => {
  it('pads a wide photo at the bottom with black and surrounds a placed photo with grey', () => {
    const w = 8, h = 4;
    const rgba = new Uint8ClampedArray(w * h * 4).fill(200);
    const x = detectorInput(rgba, w, h, { ox: 0, oy: 0, cw: w, ch: h }, 8);
    expect(x[0]).toBe(200); // top-left: the photo
    expect(x[7 * 8]).toBe(0); // bottom-left: the padding to a square
    const [, padded] = detectorPlacements(w, h);
    const y = detectorInput(rgba, w, h, padded, 16);
    expect(y[0]).toBe(128); // top-left: the grey canvas
    expect(y[6 * 16 + 8]).toBe(200); // middle: the photo
  });
});

// face-api on TensorFlow.js, the detector the crop convention was measured with: our network
// (tinyFaceNet.ts) and src/lib/faceDetect.ts must find the same faces on real photos.
const require = createRequire(import.meta.url);
async function faceApiLook(rgba: Uint8Array, w: number, h: number, at: Placement): Promise<DetectedBox[]> {
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const tf = require('@tensorflow/tfjs');
  if (tf.getBackend() !== 'wasm') {
    await tf.setBackend('wasm');
    await tf.ready();
  }
  if (!faceapi.nets.tinyFaceDetector.isLoaded) await faceapi.nets.tinyFaceDetector.loadFromDisk(join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
  const rgb = new Int32Array(at.cw * at.ch * 3).fill(128);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) rgb[((y + at.oy) * at.cw + x + at.ox) * 3 + c] = rgba[(y * w + x) * 4 + c];
  const t = tf.tensor3d(rgb, [at.ch, at.cw, 3], 'int32');
  try {
    const found = await faceapi.nets.tinyFaceDetector.locateFaces(t, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.3 }));
    return found.map((f: any) => ({ x: f.box.x - at.ox, y: f.box.y - at.oy, width: f.box.width, height: f.box.height, score: f.score }));
  } finally {
    t.dispose();
  }
}

async function photo(path: string, max = 640) {
  const { data, info } = await sharp(path).ensureAlpha().resize(max, max, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  return { rgba: new Uint8Array(data), w: info.width, h: info.height };
}

const iou = (a: DetectedBox, b: DetectedBox) => {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (w * h) / (a.width * a.height + b.width * b.height - w * h);
};

const root = join(dirname(new URL(import.meta.url).pathname), '../..');
const shared = join(root, '../shared/data');
describe('the face detector against face-api on TensorFlow.js', () => {
  const photos = [
    join(root, 'public/sample/astronaut.png'), // the public-domain portrait
    join(shared, 'photos/whole/02.png'), // four faces
    join(shared, 'photos/whole/00.jpg'),
    join(shared, 'faces/hires/codeformer-cropped/0143.png'), // tight: found on the padded look
  ].filter(existsSync);

  it('finds the same faces, boxes within IoU 0.98 and scores within 0.01', { timeout: 120_000 }, async () => {
    expect(photos.length).toBeGreaterThanOrEqual(2);
    let faces = 0;
    for (const path of photos) {
      const { rgba, w, h } = await photo(path);
      for (const at of detectorPlacements(w, h)) {
        const ours = locate(rgba, w, h, at);
        const theirs = (await faceApiLook(rgba, w, h, at)).sort((a, b) => b.score - a.score);
        expect(ours.length, path).toBe(theirs.length);
        ours.forEach((box, i) => {
          expect(iou(box, theirs[i]), path).toBeGreaterThan(0.98);
          expect(Math.abs(box.score - theirs[i].score), path).toBeLessThan(0.01);
        });
        faces += ours.length;
      }
      expect(detectFaces(rgba, w, h).length, `${path}: a face`).toBeGreaterThan(0);
    }
    expect(faces).toBeGreaterThanOrEqual(5);
  });
});
