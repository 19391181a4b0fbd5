// A loupe near the cursor: the frame's pixels around the cursor's pixel, each
// drawn as a square cell (no smoothing) with a grid between them, the centre
// cell outlined, and the pixel's coordinates and colour underneath.
import { useLayoutEffect, useRef } from 'react';
import { pixelToCss, type Point, type Space } from './selection.js';

/** Pixels across (odd, so the cursor's pixel is the centre cell) and the size of one cell in canvas pixels. */
export const MAGNIFIER_CELLS = 11;
export const MAGNIFIER_CELL = 12;
const SIZE = MAGNIFIER_CELLS * MAGNIFIER_CELL;
const OFFSET = 24;

function hex(value: number) {
  return value.toString(16).padStart(2, '0');
}

export function Magnifier({ image, space, cursor }: { image: ImageBitmap; space: Space; cursor: Point }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const labelRef = useRef<HTMLSpanElement>(null);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d', { willReadFrequently: true });
    if (!canvas || !context) return;
    const half = (MAGNIFIER_CELLS - 1) / 2;
    // The frame may be stored at another size than the capture (it is not, but never read the wrong pixel).
    const kx = image.width / space.capture.width;
    const ky = image.height / space.capture.height;
    context.imageSmoothingEnabled = false;
    context.fillStyle = '#000';
    context.fillRect(0, 0, SIZE, SIZE);
    context.drawImage(
      image,
      (cursor.x - half) * kx,
      (cursor.y - half) * ky,
      MAGNIFIER_CELLS * kx,
      MAGNIFIER_CELLS * ky,
      0,
      0,
      SIZE,
      SIZE,
    );
    const [r = 0, g = 0, b = 0] = context.getImageData(SIZE / 2, SIZE / 2, 1, 1).data;
    context.fillStyle = 'rgb(128 128 128 / 0.45)';
    for (let i = 0; i <= MAGNIFIER_CELLS; i++) {
      context.fillRect(i * MAGNIFIER_CELL, 0, 1, SIZE);
      context.fillRect(0, i * MAGNIFIER_CELL, SIZE, 1);
    }
    const centre = half * MAGNIFIER_CELL;
    context.strokeStyle = r + g + b > 384 ? '#000' : '#fff';
    context.lineWidth = 2;
    context.strokeRect(centre + 1, centre + 1, MAGNIFIER_CELL - 1, MAGNIFIER_CELL - 1);
    if (labelRef.current) labelRef.current.textContent = `${cursor.x}, ${cursor.y} · #${hex(r)}${hex(g)}${hex(b)}`;
  }, [image, space, cursor]);

  // Beside the cursor, flipped to the other side near the right and bottom edges.
  const at = pixelToCss(space, cursor);
  const width = SIZE + 2;
  const height = SIZE + 28;
  const left = at.x + OFFSET + width > space.view.width ? at.x - OFFSET - width : at.x + OFFSET;
  const top = at.y + OFFSET + height > space.view.height ? at.y - OFFSET - height : at.y + OFFSET;

  return (
    <div className="overlay-magnifier" aria-hidden="true" style={{ left: Math.max(0, left), top: Math.max(0, top) }}>
      <canvas ref={canvasRef} className="overlay-magnifier-canvas" width={SIZE} height={SIZE} />
      <span ref={labelRef} className="overlay-magnifier-label" />
    </div>
  );
}
