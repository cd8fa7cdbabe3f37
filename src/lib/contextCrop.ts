// The wider pass around a face. The face crop frames the face as the model was trained (the
// detector's box), so a hole that runs past it (a scribble over an eye and the hair beside it; a
// half face whitened out as in the peer demo 00169) used to be filled in two unrelated ways: the
// model inside the box, a smooth classical membrane outside, with a visible seam at the box edge.
// Now the model also runs on a square twice the face crop's size around it; its fill takes the
// paint there, the face crop's fill goes over it, fading into it towards the box edge.
import type { CropRect, ImageRect } from './geometry';

/** The context square's side, in face-crop sides. */
export const CONTEXT_SCALE = 2;
/** The face fill fades into the context fill over this share of the face crop's side, at its edges. */
export const EDGE_FADE = 0.08;

/**
 * The square, inside the photo, centred on the face crop (shifted to fit) and CONTEXT_SCALE times
 * its side; null when the photo leaves no room for a wider square.
 */
export function contextCrop(face: CropRect, width: number, height: number, scale = CONTEXT_SCALE): CropRect | null {
  const size = Math.min(Math.round(face.size * scale), width, height);
  if (size < face.size * 1.1) return null;
  const cx = face.x + face.size / 2, cy = face.y + face.size / 2;
  const x = Math.min(width - size, Math.max(0, Math.round(cx - size / 2)));
  const y = Math.min(height - size, Math.max(0, Math.round(cy - size / 2)));
  return { x, y, size };
}

/**
 * Multiplies the face's blend weights over `region` (photo px) by a ramp that falls from 1 to 0
 * over `fade` px towards each edge of the face crop that lies inside the context crop; on a side
 * where both end together (the photo's edge) there is nothing to fade into.
 */
export function fadeAtCropEdges(alpha: Float32Array, region: ImageRect, face: CropRect, context: CropRect, fade: number): void {
  if (fade < 1) return;
  const sides = {
    left: face.x > context.x,
    top: face.y > context.y,
    right: face.x + face.size < context.x + context.size,
    bottom: face.y + face.size < context.y + context.size,
  };
  for (let y = 0; y < region.height; y++) {
    const py = region.y + y + 0.5;
    let dy = Infinity;
    if (sides.top) dy = Math.min(dy, py - face.y);
    if (sides.bottom) dy = Math.min(dy, face.y + face.size - py);
    for (let x = 0; x < region.width; x++) {
      const i = y * region.width + x;
      if (!alpha[i]) continue;
      const px = region.x + x + 0.5;
      let d = dy;
      if (sides.left) d = Math.min(d, px - face.x);
      if (sides.right) d = Math.min(d, face.x + face.size - px);
      if (d < fade) alpha[i] *= Math.max(0, d / fade);
    }
  }
}

/**
 * A stroke that only grazes the box edge is left to the classical fill (a few pixels, no seam to
 * see, and no second run of the model): the wider pass runs when the paint beyond the face crops
 * covers at least this share of the context square.
 */
export const MIN_BEYOND = 0.01;

/** Whether the paint (the context crop's R x R share per cell) beyond every face crop is worth the wider pass. */
export function paintBeyondFaces(painted: Float32Array, context: CropRect, faces: readonly CropRect[], R: number): boolean {
  const cell = context.size / R;
  let beyond = 0;
  for (let y = 0; y < R; y++)
    for (let x = 0; x < R; x++) {
      if (!(painted[y * R + x] > 0)) continue;
      const px = context.x + (x + 0.5) * cell, py = context.y + (y + 0.5) * cell;
      if (!faces.some((c) => px >= c.x && py >= c.y && px < c.x + c.size && py < c.y + c.size)) beyond += painted[y * R + x];
    }
  return beyond >= MIN_BEYOND * R * R;
}
