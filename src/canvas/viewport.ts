import { imagePoint, screenPoint, type ImagePoint, type ScreenPoint } from '../lib/geometry';

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
