import type { StateCreator } from 'zustand';
import { clampCrop, defaultCrop, type CropRect } from '../lib/geometry';
import type { AppState } from './index';
import { BRUSH_MIN } from './viewSlice';

/** The photo as loaded: EXIF orientation already applied, full resolution. */
export interface Photo {
  /** File name without extension, used for `<name>-restored.png`. */
  baseName: string;
  width: number;
  height: number;
  /** RGBA bytes, row-major, width * height * 4. */
  pixels: Uint8ClampedArray;
  /** What the canvas draws (an ImageBitmap in the browser). */
  source: CanvasImageSource | null;
  /** The photo at most 640 px on the long side (made by the decoder), for the face detector. */
  small?: { rgba: Uint8ClampedArray; width: number; height: number };
  /** The file's ICC profile as a PNG iCCP chunk body, to embed in the restored PNG; null if none. */
  icc: Uint8Array | null;
  /** The file's format; the restored photo is saved in the same one. Absent: PNG. */
  format?: PhotoFormat;
  /** The file's ICC profile uncompressed, for a JPEG or WebP download; null or absent if none. */
  iccProfile?: Uint8Array | null;
  /** A PNG's colour type (2 = RGB): an RGB PNG is saved as RGB again, not RGBA. */
  pngColourType?: number | null;
  /** The file as it came (name and bytes), kept so the session can be saved on the device. */
  file?: File;
}

export type PhotoFormat = 'png' | 'jpeg' | 'webp';

/** Where the face detector is for the current photo. */
export type FaceStatus = { status: 'idle' | 'looking' | 'found' | 'offer' | 'none' } | { status: 'error'; message: string };

export interface ImageSlice {
  photo: Photo | null;
  face: FaceStatus;
  setFace(face: FaceStatus): void;
  /** The square the model sees, in photo pixels. */
  crop: CropRect | null;
  setPhoto(photo: Photo): void;
  setCrop(crop: CropRect): void;
  /** Every face the detector found (its crop by the model's convention), left to right. */
  faceCrops: CropRect[];
  setFaceCrops(crops: CropRect[]): void;
  /** Restore every face that has paint in its crop, not only the crop box's. */
  allFaces: boolean;
  setAllFaces(on: boolean): void;
}

export const createImageSlice: StateCreator<AppState, [], [], ImageSlice> = (set, get) => ({
  photo: null,
  crop: null,
  face: { status: 'idle' },
  setFace: (face) => set({ face }),
  faceCrops: [],
  setFaceCrops: (faceCrops) => set({ faceCrops }),
  allFaces: true,
  setAllFaces: (allFaces) => set({ allFaces }),
  setPhoto: (photo) => {
    get().resetMask();
    get().resetInference();
    // A brush about a fifteenth of the short side suits a face that fills the photo; [ and ] adjust.
    const brushSize = Math.max(BRUSH_MIN, Math.round(Math.min(photo.width, photo.height) / 15));
    set({ photo, crop: defaultCrop(photo.width, photo.height), zoomPan: { zoom: 1, panX: 0, panY: 0 }, brushSize, face: { status: 'idle' }, faceCrops: [], allFaces: true });
  },
  setCrop: (crop) => {
    const photo = get().photo;
    if (!photo) return;
    set({ crop: clampCrop(crop, photo.width, photo.height) });
  },
});
