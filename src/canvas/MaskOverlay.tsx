import { memo, useMemo } from 'react';
import { Image as KImage } from 'react-konva';
import { rasterizeMask } from '../lib/rasterize';
import { isStroke, type MaskOp, type Stroke } from '../lib/strokes';
import { StrokeLine } from './StrokeShapes';

/** Longest side of the on-screen raster of an edited mask: enough for the screen, cheap to redo. */
const DISPLAY_MAX = 2048;

interface Props {
  ops: readonly MaskOp[];
  drawing: Stroke | null;
  photoW: number;
  photoH: number;
  color: string;
}

/** An opaque `color` canvas where the mask is a hole, at display resolution. */
function rasterCanvas(ops: readonly MaskOp[], photoW: number, photoH: number, color: string): HTMLCanvasElement {
  const d = Math.min(1, DISPLAY_MAX / Math.max(photoW, photoH));
  const w = Math.max(1, Math.round(photoW * d));
  const h = Math.max(1, Math.round(photoH * d));
  const mask = rasterizeMask(ops, { x: 0, y: 0, width: photoW, height: photoH }, w, h);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] < 0.5) continue;
    img.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/**
 * The mask in image coordinates (inside the editor's photo group). Plain strokes draw as vector
 * lines. Grow/shrink and invert are not shapes, so everything up to the last such edit is drawn
 * from a raster of the exact mask, and the strokes after it as lines on top. Memoised, as its
 * strokes are: the editor re-renders on every pointer move, and this layer need not redraw then.
 */
export const MaskOverlay = memo(function MaskOverlay({ ops, drawing, photoW, photoH, color }: Props) {
  let lastEdit = -1;
  ops.forEach((op, i) => !isStroke(op) && (lastEdit = i));
  const editOp = lastEdit >= 0 ? ops[lastEdit] : null;
  // History arrays are immutable and share their ops, so the op object and its index name the prefix.
  const raster = useMemo(
    () => (editOp ? rasterCanvas(ops.slice(0, lastEdit + 1), photoW, photoH, color) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [editOp, lastEdit, photoW, photoH, color],
  );
  const rest = ops.slice(lastEdit + 1).filter(isStroke);
  return (
    <>
      {raster && <KImage image={raster} width={photoW} height={photoH} listening={false} />}
      {rest.map((s, i) => (
        <StrokeLine key={lastEdit + 1 + i} stroke={s} color={color} />
      ))}
      {drawing && <StrokeLine stroke={drawing} color={color} />}
    </>
  );
});
