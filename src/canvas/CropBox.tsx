import { memo, useEffect, useRef } from 'react';
import { Group, Rect, Shape, Transformer } from 'react-konva';
import type Konva from 'konva';
import type { CropRect } from '../lib/geometry';

interface Props {
  crop: CropRect;
  photoW: number;
  photoH: number;
  /** Screen px per image px, so handles and lines keep their screen size. */
  scale: number;
  editable: boolean;
  onChange(crop: CropRect): void;
}

/**
 * The square the model sees, in image coordinates, with the outside dimmed. In crop mode it moves
 * and resizes with a Transformer that keeps it square and inside the photo. Memoised: the editor
 * re-renders on every pointer move (the brush cursor), and new props here (the shade's function,
 * the dash) would redraw this layer each time.
 */
export const CropBox = memo(function CropBox({ crop, photoW, photoH, scale, editable, onChange }: Props) {
  const rectRef = useRef<Konva.Rect>(null);
  const trRef = useRef<Konva.Transformer>(null);

  useEffect(() => {
    if (!trRef.current) return;
    trRef.current.nodes(editable && rectRef.current ? [rectRef.current] : []);
    trRef.current.getLayer()?.batchDraw();
  }, [editable, crop]);

  const commit = () => {
    const node = rectRef.current;
    if (!node) return;
    const size = node.width() * node.scaleX();
    node.scale({ x: 1, y: 1 });
    onChange({ x: node.x(), y: node.y(), size });
  };

  const shade = 'rgba(8, 10, 14, 0.55)';
  const { x, y, size } = crop;
  return (
    <Group>
      {/* One path with a square hole (even-odd), so no anti-aliased seams run between pieces. */}
      <Shape
        listening={false}
        sceneFunc={(ctx) => {
          const c = ctx._context; // Konva has already applied the group's transform to it
          c.beginPath();
          c.rect(0, 0, photoW, photoH);
          c.rect(x, y, size, size);
          c.fillStyle = shade;
          c.fill('evenodd');
        }}
      />
      <Rect
        ref={rectRef}
        name="crop-box"
        x={x}
        y={y}
        width={size}
        height={size}
        stroke={editable ? '#7dd3c0' : 'rgba(255,255,255,0.7)'}
        strokeWidth={1.5 / scale}
        dash={editable ? undefined : [6 / scale, 5 / scale]}
        listening={editable}
        draggable={editable}
        dragBoundFunc={(pos) => {
          // pos is absolute (screen); keep the box inside the photo.
          const layer = rectRef.current?.getParent();
          const t = layer?.getAbsoluteTransform().copy().invert();
          if (!t) return pos;
          const p = t.point(pos);
          const cx = Math.min(photoW - size, Math.max(0, p.x));
          const cy = Math.min(photoH - size, Math.max(0, p.y));
          return layer!.getAbsoluteTransform().point({ x: cx, y: cy });
        }}
        // Committing on every move keeps the dimmed outside and the crop readout live.
        onDragMove={commit}
        onDragEnd={commit}
        onTransform={commit}
        onTransformEnd={commit}
        onMouseEnter={(e) => editable && (e.target.getStage()!.container().style.cursor = 'move')}
        onMouseLeave={(e) => (e.target.getStage()!.container().style.cursor = '')}
      />
      <Transformer
        ref={trRef}
        keepRatio
        ignoreStroke
        rotateEnabled={false}
        flipEnabled={false}
        enabledAnchors={['top-left', 'top-right', 'bottom-left', 'bottom-right']}
        anchorSize={11}
        anchorCornerRadius={6}
        anchorStroke="#7dd3c0"
        anchorFill="#14161b"
        borderStroke="#7dd3c0"
        borderStrokeWidth={0}
        boundBoxFunc={(oldBox, newBox) => {
          // Boxes are in screen px here; compare against the photo's on-screen bounds.
          const side = Math.max(newBox.width, newBox.height);
          const box = { ...newBox, width: side, height: side };
          const layer = rectRef.current?.getParent();
          const m = layer?.getAbsoluteTransform();
          if (!m) return oldBox;
          const tl = m.point({ x: 0, y: 0 });
          const br = m.point({ x: photoW, y: photoH });
          if (side < 24) return oldBox;
          // A handle dragged past the photo's edge stops the box at the edge (refusing the move
          // instead left the box where the last event inside had put it, often a pixel short).
          return fitSquare(oldBox, box, tl, br);
        }}
      />
    </Group>
  );
});

type Box = { x: number; y: number; width: number; height: number; rotation: number };

/** The square `box` shrunk, about the corner that stayed put since `old`, to fit inside tl..br (screen px). */
export function fitSquare(old: Box, box: Box, tl: { x: number; y: number }, br: { x: number; y: number }): Box {
  const leftFixed = Math.abs(box.x - old.x) < Math.abs(box.x + box.width - (old.x + old.width));
  const topFixed = Math.abs(box.y - old.y) < Math.abs(box.y + box.height - (old.y + old.height));
  const ax = leftFixed ? box.x : box.x + box.width; // the fixed corner
  const ay = topFixed ? box.y : box.y + box.height;
  const room = Math.min(leftFixed ? br.x - ax : ax - tl.x, topFixed ? br.y - ay : ay - tl.y);
  const side = Math.min(box.width, room);
  return { ...box, width: side, height: side, x: leftFixed ? ax : ax - side, y: topFixed ? ay : ay - side };
}
