// The classical baselines a user would otherwise reach for: OpenCV's Navier-Stokes and Telea
// inpainting (radius 3), from OpenCV's own JavaScript/WASM build.
import { loadOpenCV } from '@opencvjs/web';

type CV = Awaited<ReturnType<typeof loadOpenCV>>;
let cv: CV | undefined;

export type InpaintMethod = 'ns' | 'telea';

/** RGBA bytes R x R and a mask (1 = hole) -> RGBA bytes R x R inpainted. */
export async function opencvInpaint(rgba: Uint8ClampedArray, mask: Float32Array, R: number, method: InpaintMethod): Promise<Uint8ClampedArray> {
  cv ??= await loadOpenCV();
  const src = cv.matFromImageData({ data: rgba, width: R, height: R } as ImageData);
  const rgb = new cv.Mat();
  const m = new cv.Mat(R, R, cv.CV_8UC1);
  const dst = new cv.Mat();
  try {
    cv.cvtColor(src, rgb, cv.COLOR_RGBA2RGB);
    const mb = m.data;
    for (let i = 0; i < mask.length; i++) mb[i] = mask[i] > 0.5 ? 255 : 0;
    cv.inpaint(rgb, m, dst, 3, method === 'ns' ? cv.INPAINT_NS : cv.INPAINT_TELEA);
    const out = new Uint8ClampedArray(R * R * 4);
    const d = dst.data;
    for (let i = 0; i < R * R; i++) {
      out[i * 4] = d[i * 3];
      out[i * 4 + 1] = d[i * 3 + 1];
      out[i * 4 + 2] = d[i * 3 + 2];
      out[i * 4 + 3] = 255;
    }
    return out;
  } finally {
    src.delete();
    rgb.delete();
    m.delete();
    dst.delete();
  }
}
