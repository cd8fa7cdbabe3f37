import { useEffect, useRef, type CanvasHTMLAttributes } from 'react';

interface Props extends CanvasHTMLAttributes<HTMLCanvasElement> {
  pixels: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Shows raw RGBA bytes in a canvas at their own resolution; CSS scales it. */
export function RgbaCanvas({ pixels, width, height, ...rest }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  }, [pixels, width, height]);
  return <canvas ref={ref} width={width} height={height} {...rest} />;
}
