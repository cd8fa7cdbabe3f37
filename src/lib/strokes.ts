import type { ImagePoint, ImageRect } from './geometry';

/** One brush or eraser stroke, as a polyline in image pixels. Radius is in image pixels too. */
export interface Stroke {
  mode: 'paint' | 'erase';
  radius: number;
  points: ImagePoint[];
}

/**
 * A whole-mask edit, kept in the same ordered list as the strokes so it is one undo step and is
 * replayed exactly at whatever grid the mask is rasterised on (no bitmap is baked in):
 * grow: every point within `by` image px of the mask joins it (negative `by` shrinks: a point
 * stays only if it is farther than -by from everything outside the mask);
 * invert: inside `rect` (image px), hole and kept swap; outside it nothing changes.
 */
export type MaskEdit = { mode: 'grow'; by: number } | { mode: 'invert'; rect: ImageRect };

/** What the mask is made of, applied in order. */
export type MaskOp = Stroke | MaskEdit;

export const isStroke = (op: MaskOp): op is Stroke => op.mode === 'paint' || op.mode === 'erase';
