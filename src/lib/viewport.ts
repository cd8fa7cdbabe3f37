import { imagePoint, screenPoint, type ImagePoint, type ScreenPoint } from './geometry';

/** How the photo sits on the stage: screen = offset + image * scale. */
export interface Viewport {
  scale: number;
  offsetX: number;
  offsetY: number;
}

const PADDING = 24; // screen px kept free around the photo, so crop handles stay grabbable

/** Fits a photo inside a stage, centred. */
export function fitViewport(stageW: number, stageH: number, photoW: number, photoH: number): Viewport {
  const scale = Math.max(0.01, Math.min((stageW - 2 * PADDING) / photoW, (stageH - 2 * PADDING) / photoH));
  return { scale, offsetX: (stageW - photoW * scale) / 2, offsetY: (stageH - photoH * scale) / 2 };
}

export const toImage = (v: Viewport, p: ScreenPoint): ImagePoint => imagePoint((p.x - v.offsetX) / v.scale, (p.y - v.offsetY) / v.scale);
export const toScreen = (v: Viewport, p: ImagePoint): ScreenPoint => screenPoint(v.offsetX + p.x * v.scale, v.offsetY + p.y * v.scale);

/** Zoom (1 = fitted) and pan (screen px) as the person set them; kept in the view slice. */
export interface ZoomPan {
  zoom: number;
  panX: number;
  panY: number;
}

export const ZOOM_MIN = 1;
export const ZOOM_MAX = 24;

/** The fitted viewport, zoomed about the stage centre and then panned. */
export function viewportFor(stageW: number, stageH: number, photoW: number, photoH: number, zp: ZoomPan): Viewport {
  const scale = fitViewport(stageW, stageH, photoW, photoH).scale * zp.zoom;
  return { scale, offsetX: (stageW - photoW * scale) / 2 + zp.panX, offsetY: (stageH - photoH * scale) / 2 + zp.panY };
}

/** New zoom/pan after zooming by `factor` so the photo point under `at` stays under it. */
export function zoomAround(stageW: number, stageH: number, photoW: number, photoH: number, zp: ZoomPan, at: ScreenPoint, factor: number): ZoomPan {
  const before = viewportFor(stageW, stageH, photoW, photoH, zp);
  const q = toImage(before, at);
  const zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, zp.zoom * factor));
  const scale = (before.scale / zp.zoom) * zoom;
  return { zoom, panX: at.x - q.x * scale - (stageW - photoW * scale) / 2, panY: at.y - q.y * scale - (stageH - photoH * scale) / 2 };
}

/** Zoom/pan that shows a square region (photo px) filling most of the stage. */
export function zoomToRegion(stageW: number, stageH: number, photoW: number, photoH: number, r: { x: number; y: number; size: number }): ZoomPan {
  const fit = fitViewport(stageW, stageH, photoW, photoH);
  const zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, (Math.min(stageW, stageH) - 2 * 24) / (r.size * fit.scale)));
  const scale = fit.scale * zoom;
  const cx = r.x + r.size / 2;
  const cy = r.y + r.size / 2;
  return { zoom, panX: stageW / 2 - cx * scale - (stageW - photoW * scale) / 2, panY: stageH / 2 - cy * scale - (stageH - photoH * scale) / 2 };
}

/** Zoom/pan showing the photo at 1 screen px per photo px, keeping the photo point at the stage centre still. */
export function zoomToActualPixels(stageW: number, stageH: number, photoW: number, photoH: number, zp: ZoomPan): ZoomPan {
  const before = viewportFor(stageW, stageH, photoW, photoH, zp);
  const centre = toImage(before, screenPoint(stageW / 2, stageH / 2));
  const zoom = Math.min(ZOOM_MAX, 1 / fitViewport(stageW, stageH, photoW, photoH).scale);
  const scale = (before.scale / zp.zoom) * zoom;
  return { zoom, panX: stageW / 2 - centre.x * scale - (stageW - photoW * scale) / 2, panY: stageH / 2 - centre.y * scale - (stageH - photoH * scale) / 2 };
}
