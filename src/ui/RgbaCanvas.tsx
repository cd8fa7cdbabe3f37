import { useEffect, useRef, type CanvasHTMLAttributes } from 'react';

interface Props extends CanvasHTMLAttributes<HTMLCanvasElement> {
  pixels: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Above this many pixels an image is drawn in a main-thread task of its own. */
const BIG = 2_000_000;

/** Shows raw RGBA bytes in a canvas at their own resolution; CSS scales it. */
export function RgbaCanvas({ pixels, width, height, ...rest }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const draw = () => {
      // ImageData takes no view of shared memory (the photo's pixels are one): copy only those
      const data = pixels.buffer instanceof ArrayBuffer && pixels.byteOffset === 0 && pixels.length === width * height * 4 ? (pixels as Uint8ClampedArray<ArrayBuffer>) : new Uint8ClampedArray(pixels);
      canvas.getContext('2d')?.putImageData(new ImageData(data, width, height), 0, 0);
    };
    if (width * height < BIG) return draw();
    // The before and after views of a big photo's face (16 MB each at 2000 px) drawn in one
    // effect pass made a main-thread task over 100 ms; one task each keeps the page responsive.
    const timer = setTimeout(draw, 0);
    return () => clearTimeout(timer);
  }, [pixels, width, height]);
  return <canvas ref={ref} width={width} height={height} {...rest} />;
}
