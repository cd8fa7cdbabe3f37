import { Line } from 'react-konva';
import type { Stroke } from '../lib/strokes';

/** One stroke as a Konva line in image coordinates; the eraser cuts holes with destination-out. */
export function StrokeLine({ stroke, color }: { stroke: Stroke; color: string }) {
  const pts = stroke.points.flatMap((p) => [p.x, p.y]);
  // A click without movement is one point; a tiny second point makes the round cap draw a dot.
  if (pts.length === 2) pts.push(pts[0] + 0.01, pts[1]);
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
}
