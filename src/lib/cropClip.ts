import type { CropRect } from './geometry';
import { isStroke, type MaskOp } from './strokes';

/**
 * True when some painted stroke reaches a part of the photo outside the crop box (image px). The
 * model sees only the crop, so that part of the stroke does nothing; the editor clips it and says
 * so. A brush that only runs past the photo's own edge, where the box meets it, paints nothing
 * there and is no reason to warn.
 */
export function paintLeavesCrop(ops: readonly MaskOp[], crop: CropRect, photoW: number, photoH: number): boolean {
  const left = crop.x > 0, top = crop.y > 0;
  const right = crop.x + crop.size < photoW, bottom = crop.y + crop.size < photoH;
  return ops.some(
    (op) =>
      isStroke(op) &&
      op.mode === 'paint' &&
      op.points.some(
        (p) =>
          (left && p.x - op.radius < crop.x) ||
          (top && p.y - op.radius < crop.y) ||
          (right && p.x + op.radius > crop.x + crop.size) ||
          (bottom && p.y + op.radius > crop.y + crop.size),
      ),
  );
}
