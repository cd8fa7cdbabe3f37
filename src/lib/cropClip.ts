import type { CropRect } from './geometry';
import { isStroke, type MaskOp } from './strokes';

/**
 * True when some painted stroke reaches outside the crop box (image px). The model sees only the
 * crop, so that part of the stroke does nothing; the editor clips it and says so.
 */
export function paintLeavesCrop(ops: readonly MaskOp[], crop: CropRect): boolean {
  return ops.some(
    (op) =>
      isStroke(op) &&
      op.mode === 'paint' &&
      op.points.some((p) => p.x - op.radius < crop.x || p.y - op.radius < crop.y || p.x + op.radius > crop.x + crop.size || p.y + op.radius > crop.y + crop.size),
  );
}
