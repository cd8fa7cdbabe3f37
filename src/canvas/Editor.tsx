import { useCallback, useEffect, useRef, useState } from 'react';
import { Circle, Group, Image as KImage, Layer, Stage } from 'react-konva';
import type Konva from 'konva';
import { screenPoint } from '../lib/geometry';
import type { Stroke } from '../lib/strokes';
import { useAppStore } from '../store';
import { paintLeavesCrop } from '../lib/cropClip';
import { CropBox } from './CropBox';
import { MaskOverlay } from './MaskOverlay';
import { useElementSize } from './useElementSize';
import { toImage, viewportFor } from '../lib/viewport';
import { useZoomPan } from './useZoomPan';

/**
 * The mask layer's strokes draw opaque and the whole layer canvas is made translucent with CSS.
 * Konva's own layer opacity is applied per shape instead, so overlapping strokes would darken and
 * the eraser (destination-out) would only remove part of what it covers.
 */
const styleCanvas = (layer: Konva.Layer | null, opacity: number, visible: boolean) => {
  if (!layer) return;
  const el = layer.getNativeCanvasElement();
  el.style.opacity = String(opacity);
  el.style.visibility = visible ? 'visible' : 'hidden';
  el.dataset.testid = 'mask-overlay';
};

/**
 * The photo editor: the photo fitted to the stage, the crop box, the mask strokes as a translucent
 * overlay, and a circle cursor as big as the brush. Strokes and brush size are in image pixels; the stroke
 * being drawn stays local until pointer-up, when it becomes one history entry.
 */
export function Editor() {
  const photo = useAppStore((s) => s.photo);
  const crop = useAppStore((s) => s.crop);
  const strokes = useAppStore((s) => s.strokes);
  const tool = useAppStore((s) => s.tool);
  const brushSize = useAppStore((s) => s.brushSize);
  const setCrop = useAppStore((s) => s.setCrop);
  const commitStroke = useAppStore((s) => s.commitStroke);
  const zoomPan = useAppStore((s) => s.zoomPan);
  const overlay = useAppStore((s) => s.overlay);
  const showOriginal = useAppStore((s) => s.showOriginal);
  const maskLayer = useRef<Konva.Layer>(null);
  const maskShown = overlay.visible && !showOriginal;
  useEffect(() => styleCanvas(maskLayer.current, overlay.opacity, maskShown));

  const boxRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(boxRef);
  const [drawing, setDrawing] = useState<Stroke | null>(null);
  const drawingRef = useRef<Stroke | null>(null);
  const [cursor, setCursor] = useState<{ x: number; y: number } | null>(null);

  const viewport = photo && width > 0 ? viewportFor(width, height, photo.width, photo.height, zoomPan) : null;
  const { onWheel, startPan, movePan } = useZoomPan(width, height);
  const setStageSize = useAppStore((s) => s.setStageSize);
  useEffect(() => setStageSize(width, height), [width, height, setStageSize]);
  const painting = tool === 'brush' || tool === 'eraser';

  const finish = useCallback(() => {
    const stroke = drawingRef.current;
    drawingRef.current = null;
    setDrawing(null);
    if (stroke) commitStroke(stroke);
  }, [commitStroke]);

  // A stroke that ends outside the canvas still ends.
  useEffect(() => {
    window.addEventListener('pointerup', finish);
    return () => window.removeEventListener('pointerup', finish);
  }, [finish]);

  const pointer = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const pos = e.target.getStage()?.getPointerPosition();
    return pos ? screenPoint(pos.x, pos.y) : null;
  };

  const onDown = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const p = pointer(e);
    if (startPan(e.evt, p)) {
      // A second finger turns the gesture into pinch/pan: the stroke it started is dropped.
      drawingRef.current = null;
      setDrawing(null);
      return;
    }
    if (!painting || !viewport || e.evt.button > 0 || !p) return;
    const stroke: Stroke = { mode: tool === 'eraser' ? 'erase' : 'paint', radius: brushSize / 2, points: [toImage(viewport, p)] };
    drawingRef.current = stroke;
    setDrawing(stroke);
  };

  const onMove = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const p = pointer(e);
    setCursor(p);
    if (movePan(e.evt, p)) return;
    const stroke = drawingRef.current;
    if (!stroke || !p || !viewport) return;
    const q = toImage(viewport, p);
    const last = stroke.points[stroke.points.length - 1];
    // Skip points closer than one screen pixel: they add size, not shape.
    if (Math.hypot(q.x - last.x, q.y - last.y) * viewport.scale < 1) return;
    const next = { ...stroke, points: [...stroke.points, q] };
    drawingRef.current = next;
    setDrawing(next);
  };

  return (
    // Focusable so the keyboard reaches the crop box: with the Crop box tool, arrows move it and + / − resize it.
    <div
      className="editor"
      tabIndex={0}
      role="group"
      aria-label="Photo editor"
      aria-describedby="editor-keys"
      ref={boxRef}
      data-testid="editor"
      data-tool={tool}
      data-crop={crop ? `${crop.x},${crop.y},${crop.size}` : undefined}
      style={{ cursor: painting ? 'none' : undefined }}
    >
      {photo && viewport && crop && (
        <Stage
          width={width}
          height={height}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerLeave={() => setCursor(null)}
          onWheel={onWheel}
          style={{ touchAction: 'none' }}
        >
          <Layer listening={false}>
            <Group x={viewport.offsetX} y={viewport.offsetY} scaleX={viewport.scale} scaleY={viewport.scale}>
              <KImage image={photo.source ?? undefined} width={photo.width} height={photo.height} />
            </Group>
          </Layer>
          <Layer listening={false} ref={maskLayer}>
            <Group x={viewport.offsetX} y={viewport.offsetY} scaleX={viewport.scale} scaleY={viewport.scale}>
              {/* Clipped to the crop box: the model sees only the box, so paint outside it does nothing. */}
              <Group clipX={crop.x} clipY={crop.y} clipWidth={crop.size} clipHeight={crop.size}>
                <MaskOverlay ops={strokes} drawing={drawing} photoW={photo.width} photoH={photo.height} color={overlay.color} />
              </Group>
            </Group>
          </Layer>
          <Layer visible={!showOriginal}>
            <Group x={viewport.offsetX} y={viewport.offsetY} scaleX={viewport.scale} scaleY={viewport.scale}>
              <CropBox crop={crop} photoW={photo.width} photoH={photo.height} scale={viewport.scale} editable={tool === 'crop'} onChange={setCrop} />
            </Group>
          </Layer>
          <Layer listening={false}>
            {painting && cursor && (
              <>
                <Circle x={cursor.x} y={cursor.y} radius={(brushSize / 2) * viewport.scale} stroke="rgba(0,0,0,0.6)" strokeWidth={3} />
                <Circle x={cursor.x} y={cursor.y} radius={(brushSize / 2) * viewport.scale} stroke={tool === 'eraser' ? '#ffffff' : '#ffd1d9'} strokeWidth={1.5} dash={tool === 'eraser' ? [4, 3] : undefined} />
              </>
            )}
          </Layer>
        </Stage>
      )}
      <span id="editor-keys" className="sr-only">
        Crop box tool (C): arrow keys move the box, Shift with an arrow moves it faster, plus and minus resize it. Painting needs a pointer.
      </span>
      {crop && photo && paintLeavesCrop(strokes, crop, photo.width, photo.height) && (
        <div className="editor-hint" data-testid="crop-clip-hint">
          Paint just outside the crop box is filled by the face model from a square twice the box’s size; farther out, by a smooth classical fill.
        </div>
      )}
    </div>
  );
}
