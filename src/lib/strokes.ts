import type { ImagePoint } from './geometry';

/** One brush or eraser stroke, as a polyline in image pixels. Radius is in image pixels too. */
export interface Stroke {
  mode: 'paint' | 'erase';
  radius: number;
  points: ImagePoint[];
}
