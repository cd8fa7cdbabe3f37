// Coordinate spaces. Branded types keep image pixels and screen pixels from being mixed up:
// an ImagePoint is in pixels of the original (EXIF-rotated) photo, origin top-left.
declare const imageBrand: unique symbol;
declare const screenBrand: unique symbol;

export type ImagePoint = { readonly x: number; readonly y: number; readonly [imageBrand]: true };
export type ScreenPoint = { readonly x: number; readonly y: number; readonly [screenBrand]: true };

export const imagePoint = (x: number, y: number) => ({ x, y }) as ImagePoint;
export const screenPoint = (x: number, y: number) => ({ x, y }) as ScreenPoint;

/** A square crop in image pixels: top-left corner and side length. */
export interface CropRect {
  x: number;
  y: number;
  size: number;
}

/** An axis-aligned rectangle in image pixels. */
export interface ImageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The largest square centred in a width x height photo. */
export function defaultCrop(width: number, height: number): CropRect {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/**
 * Keeps a crop square, whole-pixel and inside the photo. The model only sees the crop, so a crop
 * that left the photo would feed it padding instead of face.
 */
export function clampCrop(crop: CropRect, width: number, height: number, minSize = 16): CropRect {
  const maxSize = Math.min(width, height);
  const size = Math.round(Math.min(maxSize, Math.max(Math.min(minSize, maxSize), crop.size)));
  const x = Math.round(Math.min(width - size, Math.max(0, crop.x)));
  const y = Math.round(Math.min(height - size, Math.max(0, crop.y)));
  return { x, y, size };
}
