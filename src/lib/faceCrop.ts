// Where the crop goes for a detected face: the convention the model was trained with, stated in
// public/models/manifest.json as "faceCrop": for a detector box (x, y, w, h) in photo pixels,
// crop size = scale * max(w, h) and crop centre = (x + w/2 + dx*w, y + h/2 + dy*h).
import { clampCrop, type CropRect, type ImageRect } from './geometry';

export interface FaceCropConvention {
  scale: number;
  dx: number;
  dy: number;
}

/** Used when the manifest states no convention. */
export const DEFAULT_FACE_CROP: FaceCropConvention = { scale: 1.25, dx: 0, dy: 0 };

/** The convention from a parsed manifest.json, or the default when it is absent or malformed. */
export function faceCropConvention(manifest: unknown): FaceCropConvention {
  const fc = (manifest as { faceCrop?: Partial<FaceCropConvention> } | null)?.faceCrop;
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!fc || !ok(fc.scale) || fc.scale <= 0) return DEFAULT_FACE_CROP;
  return { scale: fc.scale, dx: ok(fc.dx) ? fc.dx : 0, dy: ok(fc.dy) ? fc.dy : 0 };
}

/**
 * The square crop for a face box, kept inside the photo. When the ideal square does not fit (a face
 * at the edge, or filling the photo) it is shifted, then shrunk, by clampCrop.
 */
export function cropForFace(box: ImageRect, c: FaceCropConvention, photoW: number, photoH: number): CropRect {
  const size = c.scale * Math.max(box.width, box.height);
  const cx = box.x + box.width / 2 + c.dx * box.width;
  const cy = box.y + box.height / 2 + c.dy * box.height;
  const side = Math.min(size, photoW, photoH);
  return clampCrop({ x: cx - side / 2, y: cy - side / 2, size: side }, photoW, photoH);
}
