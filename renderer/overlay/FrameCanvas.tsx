// The frozen frame under the selector: the capture's bitmap drawn once onto a
// canvas of its own pixel size, which the page stretches over the window (a
// display's pixels onto its DIPs, as an <img> of the same PNG would be).
import { useLayoutEffect, useRef } from 'react';

export function FrameCanvas({ image }: { image: ImageBitmap }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const context = canvasRef.current?.getContext('2d', { alpha: false });
    context?.drawImage(image, 0, 0);
  }, [image]);
  return (
    <canvas
      ref={canvasRef}
      className="overlay-frame"
      data-testid="overlay-frame"
      width={image.width}
      height={image.height}
      aria-hidden="true"
    />
  );
}
