import { distanceToSet } from './distance';
import type { ImageRect } from './geometry';
import { isStroke, type MaskEdit, type MaskOp, type Stroke } from './strokes';

/**
 * Rasterises strokes into a binary mask (1 = hole) on an outWidth x outHeight grid that covers
 * `view` (a rectangle in image pixels). Ops apply in order: paint sets, erase clears, mask edits
 * (grow/shrink, invert) transform what is there so far.
 *
 * A grid cell is in a painted stroke when its centre lies within radius + half a cell diagonal
 * of the stroke's centre line, so every cell the brush touched is a hole: at the model resolution
 * a cell spans several photo pixels, and a partly covered cell still shows the damage.
 * Erasing uses radius minus half a diagonal, so an eraser only clears cells it covered whole.
 */
export function rasterizeMask(ops: readonly MaskOp[], view: ImageRect, outWidth: number, outHeight: number): Float32Array {
  if (ops.every(isStroke)) return rasterizeStrokes(ops as Stroke[], view, outWidth, outHeight);
  // Mask edits look at neighbours: a grow can pull in mask from just outside the view, a shrink
  // can eat in from there. Neither reaches farther than the edits' distances added up, so the ops
  // run on a grid padded by that much and the view is cut out of it afterwards.
  const sx = view.width / outWidth;
  const sy = view.height / outHeight;
  const reach = ops.reduce((n, op) => n + (op.mode === 'grow' ? Math.abs(op.by) : 0), 0);
  const padX = Math.ceil(reach / sx) + 1;
  const padY = Math.ceil(reach / sy) + 1;
  const w = outWidth + 2 * padX;
  const h = outHeight + 2 * padY;
  const padded = { x: view.x - padX * sx, y: view.y - padY * sy, width: w * sx, height: h * sy };
  let mask: Float32Array = new Float32Array(w * h);
  let run: Stroke[] = [];
  const flush = () => {
    if (run.length) stampStrokes(mask, run, padded, w, h);
    run = [];
  };
  for (const op of ops) {
    if (isStroke(op)) {
      run.push(op);
      continue;
    }
    flush();
    mask = applyEdit(mask, w, h, padded, op);
  }
  flush();
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) out.set(mask.subarray((y + padY) * w + padX, (y + padY) * w + padX + outWidth), y * outWidth);
  return out;
}

/** One grow/shrink or invert on a w x h grid covering `view` (image px). Cells are judged by their centres. */
function applyEdit(mask: Float32Array, w: number, h: number, view: ImageRect, edit: MaskEdit): Float32Array {
  const sx = view.width / w;
  const sy = view.height / h;
  if (edit.mode === 'invert') {
    const { rect } = edit;
    const x0 = Math.max(0, Math.ceil((rect.x - view.x) / sx - 0.5));
    const x1 = Math.min(w - 1, Math.ceil((rect.x + rect.width - view.x) / sx - 0.5) - 1);
    const y0 = Math.max(0, Math.ceil((rect.y - view.y) / sy - 0.5));
    const y1 = Math.min(h - 1, Math.ceil((rect.y + rect.height - view.y) / sy - 0.5) - 1);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) mask[y * w + x] = mask[y * w + x] > 0.5 ? 0 : 1;
    return mask;
  }
  const cells = edit.by / ((sx + sy) / 2); // distance in cells (grids here are square-celled)
  const grow = cells >= 0;
  // Grow: distance to the mask; shrink: distance to what is outside it (exact Euclidean, linear time).
  const from = new Uint8Array(w * h);
  for (let i = 0; i < from.length; i++) from[i] = (mask[i] > 0.5) === grow ? 1 : 0;
  const dist = distanceToSet(from, w, h);
  const out = new Float32Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = grow ? (dist[i] <= cells ? 1 : 0) : mask[i] > 0.5 && dist[i] > -cells ? 1 : 0;
  return out;
}

function rasterizeStrokes(strokes: readonly Stroke[], view: ImageRect, outWidth: number, outHeight: number): Float32Array {
  const mask = new Float32Array(outWidth * outHeight);
  stampStrokes(mask, strokes, view, outWidth, outHeight);
  return mask;
}

function stampStrokes(mask: Float32Array, strokes: readonly Stroke[], view: ImageRect, outWidth: number, outHeight: number): void {
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
 * A mask whose rasterised hole contains the original hole grown by `by` image px: for plain strokes,
 * paint strokes get wider and eraser strokes narrower (dilating P minus E stays inside (P grown)
 * minus (E shrunk)); after mask edits, an exact grow edit is appended instead.
 * Used to give the model a hole a little larger than painted, so the feathered paste-back only
 * blends in pixels the model generated.
 */
export function growStrokes(ops: readonly MaskOp[], by: number): MaskOp[] {
  if (!ops.every(isStroke)) return [...ops, { mode: 'grow', by }];
  return ops.map((s) => ({ ...s, radius: s.mode === 'paint' ? s.radius + by : Math.max(0, s.radius - by) }));
}
