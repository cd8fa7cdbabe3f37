import type { ImageRect } from './geometry';
import type { Stroke } from './strokes';

/**
 * Rasterises strokes into a binary mask (1 = hole) on an outWidth x outHeight grid that covers
 * `view` (a rectangle in image pixels). Strokes apply in order: paint sets, erase clears.
 *
 * A grid cell is in a painted stroke when its centre lies within radius + half a cell diagonal
 * of the stroke's centre line, so every cell the brush touched is a hole: at the model resolution
 * a cell spans several photo pixels, and a partly covered cell still shows the damage.
 * Erasing uses radius minus half a diagonal, so an eraser only clears cells it covered whole.
 */
export function rasterizeMask(
  strokes: readonly Stroke[],
  view: ImageRect,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const mask = new Float32Array(outWidth * outHeight);
  const sx = view.width / outWidth; // image pixels per cell
  const sy = view.height / outHeight;
  const halfDiagonal = 0.5 * Math.hypot(sx, sy); // farthest a point of a cell is from its centre
  for (const stroke of strokes) {
    const value = stroke.mode === 'paint' ? 1 : 0;
    const grow = stroke.mode === 'paint' ? halfDiagonal : -halfDiagonal;
    const reach = Math.max(0, stroke.radius + grow);
    const pts = stroke.points;
    if (pts.length === 1) {
      stampSegment(mask, outWidth, outHeight, view, sx, sy, pts[0].x, pts[0].y, pts[0].x, pts[0].y, reach, value);
    }
    for (let i = 0; i + 1 < pts.length; i++) {
      const a = pts[i];
      const b = pts[i + 1];
      stampSegment(mask, outWidth, outHeight, view, sx, sy, a.x, a.y, b.x, b.y, reach, value);
    }
  }
  return mask;
}

/** Sets every cell whose centre is within `reach` (image px) of segment a-b to `value`. */
function stampSegment(
  mask: Float32Array,
  w: number,
  h: number,
  view: ImageRect,
  sx: number,
  sy: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  reach: number,
  value: number,
): void {
  const minX = Math.max(0, Math.floor((Math.min(ax, bx) - reach - view.x) / sx - 0.5));
  const maxX = Math.min(w - 1, Math.ceil((Math.max(ax, bx) + reach - view.x) / sx - 0.5));
  const minY = Math.max(0, Math.floor((Math.min(ay, by) - reach - view.y) / sy - 0.5));
  const maxY = Math.min(h - 1, Math.ceil((Math.max(ay, by) + reach - view.y) / sy - 0.5));
  if (minX > maxX || minY > maxY) return;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const reach2 = reach * reach;
  for (let cy = minY; cy <= maxY; cy++) {
    const py = view.y + (cy + 0.5) * sy;
    for (let cx = minX; cx <= maxX; cx++) {
      const px = view.x + (cx + 0.5) * sx;
      let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - (ax + t * dx);
      const ey = py - (ay + t * dy);
      if (ex * ex + ey * ey <= reach2) mask[cy * w + cx] = value;
    }
  }
}

/** Fraction of cells that are holes, 0..1. */
export function maskCoverage(mask: Float32Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] > 0.5 ? 1 : 0;
  return mask.length ? n / mask.length : 0;
}

/**
 * Strokes whose rasterised hole contains the original hole grown by `by` image px: paint strokes
 * get wider and eraser strokes narrower (dilating P minus E stays inside (P grown) minus (E shrunk)).
 * Used to give the model a hole a little larger than painted, so the feathered paste-back only
 * blends in pixels the model generated.
 */
export function growStrokes(strokes: readonly Stroke[], by: number): Stroke[] {
  return strokes.map((s) => ({ ...s, radius: s.mode === 'paint' ? s.radius + by : Math.max(0, s.radius - by) }));
}
