// The shared evaluation protocol (../shared/data/README.md): which mask goes with which face,
// and how faces and masks are brought to the model's resolution. Pure, so the Node evaluation
// and its tests use exactly the same rules.

/** Mask buckets of the NVIDIA irregular test set: first id of each 4000-mask pair of buckets. */
export const BUCKET_START: Record<string, number> = { '0-20': 0, '20-40': 4000, '40-60': 8000 };

/** Face i of n (sorted by file name) gets mask `start + floor(i * 4000 / n)`. */
export function maskIndex(i: number, n: number, start: number): number {
  return start + Math.floor((i * 4000) / n);
}

/** The centred square crop of a width x height image (integer offsets, as Python's `//`). */
export function centreSquare(width: number, height: number): { x: number; y: number; size: number } {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/**
 * A grayscale mask (one byte a pixel) resized with OpenCV's INTER_NEAREST rule
 * (source index floor(i * src / dst)) and thresholded: 1 where the value is > threshold.
 */
export function maskToModel(gray: Uint8Array, width: number, height: number, size: number, threshold = 127): Float32Array {
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const sy = Math.min(height - 1, Math.floor((y * height) / size));
    for (let x = 0; x < size; x++) {
      const sx = Math.min(width - 1, Math.floor((x * width) / size));
      out[y * size + x] = gray[sy * width + sx] > threshold ? 1 : 0;
    }
  }
  return out;
}

/**
 * The eye boxes [cx, cy, w, h] (fractions of the square) of the aligned UTKFace crops, read off
 * their mean face: training/config.py's data.part_boxes.utkface, which the part discriminator and
 * the training's painted-over eyes use.
 */
export const UTK_EYES: readonly (readonly [number, number, number, number])[] = [
  [0.273, 0.29, 0.28, 0.22],
  [0.703, 0.29, 0.28, 0.22],
];
/** Faces of the `eyes` bucket: painted-over eyes are judged on few faces, and looked at in the grid. */
export const EYES_FACES = 100;

/**
 * The `eyes` bucket's hole for face i at size x size: a filled ellipse 1.15x the eye box over the
 * left eye, the right eye, or both, in turn. The NVIDIA masks seldom cover a whole eye, and a
 * painted-over eye is what a person restoring a photo most often asks the model to imagine.
 */
export function eyeHole(i: number, size: number): Float32Array {
  const out = new Float32Array(size * size);
  const boxes = i % 3 === 2 ? UTK_EYES : [UTK_EYES[i % 3]];
  for (const [cx, cy, w, h] of boxes) {
    const rx = (w * 1.15) / 2, ry = (h * 1.15) / 2;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const dx = ((x + 0.5) / size - cx) / rx, dy = ((y + 0.5) / size - cy) / ry;
        if (dx * dx + dy * dy <= 1) out[y * size + x] = 1;
      }
  }
  return out;
}

/** Faces of the `painted` bucket, and the side of each hole in the sheet that holds them. */
export const PAINTED_FACES = 100;
export const PAINTED_CELL = 128;
const PAINTED_COLS = 10;

/**
 * The `painted` bucket's hole for face i at size x size, cut from the sheet of large painted regions
 * (tools/eval/painted-holes.png, drawn by training/probes/painted_holes.py: a brushed area, ellipses
 * or one side of the face, 15-65% of it). The NVIDIA masks are mostly thin strokes; a person paints
 * one large region, and there nothing is near a known pixel. The `edge` bucket's sheet
 * (tools/eval/edge-holes.png, training/masks.py edge_region) holds regions that run off the crop's
 * border, as the peer demo 00169's does.
 */
export function paintedHole(sheet: Uint8Array, sheetWidth: number, i: number, size: number): Float32Array {
  if (i < 0 || i >= PAINTED_FACES) throw new Error(`painted hole ${i} is not in the sheet (0-${PAINTED_FACES - 1})`);
  const x0 = (i % PAINTED_COLS) * PAINTED_CELL, y0 = Math.floor(i / PAINTED_COLS) * PAINTED_CELL;
  if (sheetWidth < PAINTED_COLS * PAINTED_CELL || sheet.length < (y0 + PAINTED_CELL) * sheetWidth) throw new Error('the painted-holes sheet is too small');
  const cell = new Uint8Array(PAINTED_CELL * PAINTED_CELL);
  for (let y = 0; y < PAINTED_CELL; y++) cell.set(sheet.subarray((y0 + y) * sheetWidth + x0, (y0 + y) * sheetWidth + x0 + PAINTED_CELL), y * PAINTED_CELL);
  return maskToModel(cell, PAINTED_CELL, PAINTED_CELL, size);
}
