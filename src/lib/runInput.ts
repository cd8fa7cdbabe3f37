// The two ends of a run that Restore and Imagine share (pure: the main thread makes the input,
// the photo worker pastes the answer back): what the model is given (the crop at R,
// the hole at R: the cells at least half painted, src/lib/modelHole.ts) and how its answer goes back into
// the photo (pasted at full resolution over exactly the painted pixels; paint outside the crop
// gets the classical fill of src/lib/outsideFill.ts).
import { EDGE_FADE, fadeAtCropEdges } from './contextCrop';
import { detailSampler } from './detail';
import type { CropRect } from './geometry';
import { blendRegion, featherFor, featheredAlpha, pasteBack } from './pasteBack';
import { fillOutsideCrops } from './outsideFill';
import { cleanPaintedCells, holeFromShare, paintedShare, type PaintedPixels } from './modelHole';
import { maskCoverage, rasterizeMask } from './rasterize';
import { cropResizeArea } from './resample';
import type { MaskOp } from './strokes';

/** What these functions need of a photo (the store's Photo has it): its RGBA pixels and size. */
export interface PhotoPixels {
  width: number;
  height: number;
  /** RGBA bytes, row-major, width * height * 4. */
  pixels: Uint8ClampedArray;
}

export interface RunInput {
  /** The crop at R x R, RGBA. */
  rgba: Uint8ClampedArray;
  /** R x R, 1 = hole. */
  mask: Float32Array;
  /** The crop with the hole as the model sees it: zero in [-1, 1], i.e. mid grey. */
  masked: Uint8ClampedArray;
  /** R x R, the share of each cell that was painted (0..1): cells with any paint are no donors of detail. */
  painted: Float32Array;
}

/** Why there is nothing to run, in words for the person; null when there is. */
export function nothingToRun(strokes: readonly MaskOp[], mask: Float32Array): string | null {
  if (maskCoverage(mask) > 0) return null;
  return strokes.length
    ? 'The painted area lies outside the crop box. Move the box over it, or paint inside it.'
    : 'Paint over the missing or damaged part of the face first.';
}

/** The model's inputs for this photo, crop and mask at resolution R. */
export function runInput(photo: PhotoPixels, crop: CropRect, strokes: readonly MaskOp[], R: number): RunInput {
  // the painted pixels exactly as the paste-back will replace them, over the strokes' bounds only
  const rect = blendRegion(strokes, crop, featherFor(crop.size, R)) ?? { x: crop.x, y: crop.y, width: 0, height: 0 };
  return inputFromPainted(photo, crop, { rect, bitmap: rasterizeMask(strokes, rect, rect.width, rect.height) }, R);
}

/** The model's inputs from what was painted at photo resolution (src/lib/modelHole.ts). */
export function inputFromPainted(photo: PhotoPixels, crop: CropRect, paint: PaintedPixels, R: number): RunInput {
  const painted = paintedShare(paint, crop, R);
  const mask = holeFromShare(painted);
  const rgba = cropResizeArea(photo.pixels, photo.width, photo.height, crop, R);
  cleanPaintedCells(rgba, photo.pixels, photo.width, crop, R, painted, mask, paint);
  const masked = rgba.slice();
  for (let i = 0; i < mask.length; i++) if (mask[i] > 0.5) masked.set([128, 128, 128], i * 4);
  return { rgba, mask, masked, painted };
}

/**
 * The photo at full resolution with the restored crop (R x R RGBA) blended in. The hole is
 * rasterised again from the strokes at photo resolution, so the blend follows what was painted,
 * not R-sized cells, and only over the rectangle the blend can reach. When the crop is larger
 * than R, the photo's own fine texture is added to the fill (src/lib/detail.ts).
 */
export function pasteFace(
  photo: PhotoPixels, crop: CropRect, strokes: readonly MaskOp[], restored: Uint8ClampedArray, R: number,
  // the run's own input, when the caller has it: the crop at R is the detail's low-pass and need not be made twice
  input: RunInput = runInput(photo, crop, strokes, R),
  // the wider context crop whose fill is already in `photo`: the face fades into it at its edges
  under?: CropRect,
  into?: Uint8ClampedArray, // a copy of photo.pixels to write the result into (pasteBack)
): Uint8ClampedArray {
  const region = blendRegion(strokes, crop, featherFor(crop.size, R));
  if (!region) throw new Error('The painted area lies outside the crop box.');
  return pastePainted(photo, crop, { rect: region, bitmap: rasterizeMask(strokes, region, region.width, region.height) }, restored, R, input, under, true, into);
}

/** pasteFace for paint given at photo resolution over `paint.rect` (inside the crop): the evaluation's holes. */
export function pastePainted(
  photo: PhotoPixels, crop: CropRect, paint: PaintedPixels, restored: Uint8ClampedArray, R: number, input: RunInput, under?: CropRect,
  // the seam membrane (src/lib/pasteBack.ts); off only to measure it (npm run eval -- --no-seams)
  seams = true,
  into?: Uint8ClampedArray,
): Uint8ClampedArray {
  const region = paint.rect;
  const hole = paint.bitmap instanceof Float32Array ? paint.bitmap : Float32Array.from(paint.bitmap);
  const alpha = featheredAlpha(hole, region.width, region.height, featherFor(crop.size, R));
  if (under) fadeAtCropEdges(alpha, region, crop, under, Math.round(crop.size * EDGE_FADE));
  const detail = detailSampler({
    photo: photo.pixels, width: photo.width, height: photo.height, crop, R, cropAtR: input.rgba, painted: input.painted, restored,
  });
  return pasteBack(photo.pixels, photo.width, photo.height, restored, R, crop, alpha, region, detail, seams ? hole : null, into);
}

/** A face's answer to paste: its crop, the refined R x R RGBA and the run's own input. */
export interface FaceResult {
  crop: CropRect;
  restored: Uint8ClampedArray;
  input: RunInput;
}

/**
 * The wider context pass first (src/lib/contextCrop.ts), when there is one; every face over it in
 * order, the first fading into it at its crop's edges; then the paint outside all their crops
 * filled classically.
 */
export function pasteAll(
  photo: PhotoPixels, strokes: readonly MaskOp[], R: number, faces: readonly FaceResult[], context?: FaceResult,
  // a copy of photo.pixels made beforehand: the first paste writes into it instead of allocating
  // (later ones read the pass before them whole, so they still get their own copy)
  into?: Uint8ClampedArray,
): Pasted {
  let pixels = photo.pixels;
  let spare = into;
  const take = () => {
    const buffer = spare;
    spare = undefined;
    return buffer;
  };
  if (context) pixels = pasteFace({ ...photo, pixels }, context.crop, strokes, context.restored, R, context.input, undefined, take());
  faces.forEach((f, i) => {
    pixels = pasteFace({ ...photo, pixels }, f.crop, strokes, f.restored, R, f.input, i === 0 ? context?.crop : undefined, take());
  });
  const crops = faces.map((f) => f.crop);
  return finishPhoto(photo.width, photo.height, pixels, context ? [...crops, context.crop] : crops, strokes);
}

/** After every face's paste-back: the paint outside all the face crops gets the classical fill. */
export function finishPhoto(width: number, height: number, pixels: Uint8ClampedArray, crops: readonly CropRect[], strokes: readonly MaskOp[]): Pasted {
  return { pixels, outsideFilled: fillOutsideCrops(pixels, width, height, crops, strokes) };
}

/** The photo at full resolution and how many painted pixels outside the crop the classical fill took. */
export interface Pasted {
  pixels: Uint8ClampedArray;
  outsideFilled: number;
}

/** Paint that lies only outside the crop: the classical fill alone (null when there is none). */
export function fillOnlyOutside(photo: PhotoPixels, crop: CropRect, strokes: readonly MaskOp[]): Pasted | null {
  const pixels = new Uint8ClampedArray(photo.pixels);
  const outsideFilled = fillOutsideCrops(pixels, photo.width, photo.height, [crop], strokes);
  return outsideFilled ? { pixels, outsideFilled } : null;
}
