// The hole the model gets, from a hole bitmap at photo resolution: every model cell that a hole
// pixel (grown by `grow` photo px) touches. The same rule as the stroke rasteriser applies to
// painted strokes (src/lib/rasterize.ts: a cell is a hole when the brush touched it) and the
// same one-pixel growth (featherFor().modelGrow), for masks that arrive as bitmaps: the
// evaluation's masks, and any mask not drawn as strokes.

/** hole: size x size (non-zero = hole) -> R x R, 1 = hole. */
export function holeCells(hole: ArrayLike<number>, size: number, R: number, grow = 1): Float32Array {
  const out = new Float32Array(R * R);
  const cell = size / R;
  const idx = (v: number) => Math.min(R - 1, Math.max(0, Math.floor(v / cell)));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!hole[y * size + x]) continue;
      // the pixel square [x, x+1) grown by `grow`, minus a hair so a touch at a cell's far edge does not count
      const x0 = idx(x - grow), x1 = idx(x + 1 + grow - 1e-6);
      const y0 = idx(y - grow), y1 = idx(y + 1 + grow - 1e-6);
      for (let cy = y0; cy <= y1; cy++) out.fill(1, cy * R + x0, cy * R + x1 + 1);
    }
  }
  return out;
}
