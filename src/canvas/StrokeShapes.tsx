import { memo, useMemo } from 'react';
import { Line } from 'react-konva';
import type { Stroke } from '../lib/strokes';

/**
 * One stroke as a Konva line in image coordinates; the eraser cuts holes with destination-out.
 * Strokes are immutable, so a stroke's points are flattened once: a new array on every render of
 * the editor (each pointer move) made Konva redraw the whole mask layer.
 */
export const StrokeLine = memo(function StrokeLine({ stroke, color }: { stroke: Stroke; color: string }) {
  const pts = useMemo(() => {
    const flat = stroke.points.flatMap((p) => [p.x, p.y]);
    // A click without movement is one point; a tiny second point makes the round cap draw a dot.
    if (flat.length === 2) flat.push(flat[0] + 0.01, flat[1]);
    return flat;
  }, [stroke]);
  return (
    <Line
      points={pts}
      stroke={color}
      strokeWidth={stroke.radius * 2}
      lineCap="round"
      lineJoin="round"
      tension={0}
      listening={false}
      perfectDrawEnabled={false}
      globalCompositeOperation={stroke.mode === 'erase' ? 'destination-out' : 'source-over'}
    />
  );
});
