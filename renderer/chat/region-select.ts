// A region selected over the zoomed capture, kept as fractions of the image
// (so it stays put when the zoom is resized or shown at actual size), and
// turned into the capture's own pixels by its natural size: the zoom shows a
// scaled image, the host cuts from the full-resolution capture.
import type { CaptureRect } from '../../common/conversation.js';

/** Left, top, right and bottom edges, each 0..1 of the image's width or height; left < right, top < bottom. */
export interface Region {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The region between two points (fractions of the image), whichever way the drag went. */
export function regionBetween(a: { x: number; y: number }, b: { x: number; y: number }): Region {
  return {
    left: clamp(Math.min(a.x, b.x), 0, 1),
    top: clamp(Math.min(a.y, b.y), 0, 1),
    right: clamp(Math.max(a.x, b.x), 0, 1),
    bottom: clamp(Math.max(a.y, b.y), 0, 1),
  };
}

/** A point of the page as a fraction of the element's box. */
export function fractionIn(element: Element, clientX: number, clientY: number): { x: number; y: number } {
  const box = element.getBoundingClientRect();
  return {
    x: box.width > 0 ? (clientX - box.left) / box.width : 0,
    y: box.height > 0 ? (clientY - box.top) / box.height : 0,
  };
}

/** Less than any real part of a pixel, more than a fraction's rounding error. */
const noise = 1e-6;

/** The region in the capture's pixels: edges outwards to whole pixels, at least one pixel, inside the capture. */
export function capturePixels(region: Region, natural: { width: number; height: number }): CaptureRect {
  const { width, height } = natural;
  // Outwards, but not for a fraction's rounding noise (0.55 × 300 is 165.00000000000003, which is 165).
  const down = (value: number) => Math.floor(value + noise);
  const up = (value: number) => Math.ceil(value - noise);
  const x = clamp(down(region.left * width), 0, width - 1);
  const y = clamp(down(region.top * height), 0, height - 1);
  const right = clamp(up(region.right * width), x + 1, width);
  const bottom = clamp(up(region.bottom * height), y + 1, height);
  return { x, y, width: right - x, height: bottom - y };
}

/** The region a keyboard makes at first: the middle half of the image. */
export const middleRegion: Region = { left: 0.25, top: 0.25, right: 0.75, bottom: 0.75 };

/** How far one arrow key moves or resizes the region, as a fraction of the image. */
const keyStep = 0.02;

/** The region after an arrow key: moved, or (with Shift) resized by its right or bottom edge; undefined for other keys. */
export function regionAfterKey(region: Region, key: string, resize: boolean): Region | undefined {
  const dx = key === 'ArrowLeft' ? -keyStep : key === 'ArrowRight' ? keyStep : 0;
  const dy = key === 'ArrowUp' ? -keyStep : key === 'ArrowDown' ? keyStep : 0;
  if (dx === 0 && dy === 0) return undefined;
  if (resize) {
    return {
      ...region,
      right: clamp(region.right + dx, region.left + keyStep, 1),
      bottom: clamp(region.bottom + dy, region.top + keyStep, 1),
    };
  }
  const moveX = clamp(dx, -region.left, 1 - region.right);
  const moveY = clamp(dy, -region.top, 1 - region.bottom);
  return {
    left: region.left + moveX,
    right: region.right + moveX,
    top: region.top + moveY,
    bottom: region.bottom + moveY,
  };
}
