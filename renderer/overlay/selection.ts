// The overlay's selection model, pure and DOM-free (unit-tested under Node).
//
// The selection is kept as pixel edges of the display's capture: integers,
// left <= right, top <= bottom, inside [0, capture size]. Every input lands on
// that grid: a pointer at local CSS position v becomes the edge
// round(v x capture/view), the same rounding selectionToCapturePixels applies
// to a DIP selection, so a drag selects exactly the pixels main will crop.
// Keys move and resize by whole device pixels (1, or 10 with Shift).
//
// What the page shows and what it confirms always go through geometry:
// measure() turns the edges back into a global DIP rectangle and maps it with
// selectionToCapturePixels, which is what main does with the confirmed dipRect.
import { selectionToCapturePixels, type CaptureSize, type CropResult, type Rect } from '../../common/geometry.js';

export interface Edges {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Point {
  x: number;
  y: number;
}

/** One overlay's coordinate spaces: the display (DIPs), its capture (pixels) and the page (CSS px). */
export interface Space {
  displayId: string;
  bounds: Rect;
  scaleFactor: number;
  capture: CaptureSize;
  /** The overlay's size in CSS px (the window, which covers the display's bounds). */
  view: { width: number; height: number };
}

export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
export const handles: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** A local CSS position in capture pixels (fractional). */
export function toPixels(space: Space, local: Point): Point {
  return {
    x: local.x * (space.capture.width / space.view.width),
    y: local.y * (space.capture.height / space.view.height),
  };
}

/** Whether a local CSS position lies inside the overlay (and so on this display). */
export function insideView(space: Space, local: Point): boolean {
  return local.x >= 0 && local.y >= 0 && local.x <= space.view.width && local.y <= space.view.height;
}

/** The nearest pixel edge to a fractional pixel position, inside the capture. */
export function edgeAt(space: Space, p: Point): Point {
  return {
    x: clamp(Math.round(p.x), 0, space.capture.width),
    y: clamp(Math.round(p.y), 0, space.capture.height),
  };
}

/** The pixel that contains a fractional pixel position, inside the capture. */
export function pixelAt(space: Space, p: Point): Point {
  return {
    x: clamp(Math.floor(p.x), 0, space.capture.width - 1),
    y: clamp(Math.floor(p.y), 0, space.capture.height - 1),
  };
}

/** The rectangle spanned by two edge points, in either order. */
export function spanEdges(a: Point, b: Point): Edges {
  return { left: Math.min(a.x, b.x), right: Math.max(a.x, b.x), top: Math.min(a.y, b.y), bottom: Math.max(a.y, b.y) };
}

/** The pixels from one pixel to another, both included (keyboard selection). */
export function spanPixels(a: Point, b: Point): Edges {
  return {
    left: Math.min(a.x, b.x),
    right: Math.max(a.x, b.x) + 1,
    top: Math.min(a.y, b.y),
    bottom: Math.max(a.y, b.y) + 1,
  };
}

export function wholeDisplay(space: Space): Edges {
  return { left: 0, top: 0, right: space.capture.width, bottom: space.capture.height };
}

/** Moves the selection by whole pixels, keeping its size and keeping it on the display. */
export function moveBy(space: Space, edges: Edges, dx: number, dy: number): Edges {
  const x = clamp(dx, -edges.left, space.capture.width - edges.right);
  const y = clamp(dy, -edges.top, space.capture.height - edges.bottom);
  return { left: edges.left + x, right: edges.right + x, top: edges.top + y, bottom: edges.bottom + y };
}

/** Resizes from the bottom-right corner by whole pixels (down to empty, never past the display). */
export function resizeBy(space: Space, edges: Edges, dw: number, dh: number): Edges {
  return {
    ...edges,
    right: clamp(edges.right + dw, edges.left, space.capture.width),
    bottom: clamp(edges.bottom + dh, edges.top, space.capture.height),
  };
}

/**
 * A handle drag: the opposite edges stay where they are, the handle's edges
 * follow the pointer (crossing over flips the rectangle).
 */
export function resizeWithHandle(edges: Edges, handle: Handle, pointerEdge: Point): Edges {
  const movesX = handle.includes('e') || handle.includes('w');
  const movesY = handle.includes('n') || handle.includes('s');
  const anchorX = handle.includes('w') ? edges.right : edges.left;
  const anchorY = handle.includes('n') ? edges.bottom : edges.top;
  return {
    left: movesX ? Math.min(anchorX, pointerEdge.x) : edges.left,
    right: movesX ? Math.max(anchorX, pointerEdge.x) : edges.right,
    top: movesY ? Math.min(anchorY, pointerEdge.y) : edges.top,
    bottom: movesY ? Math.max(anchorY, pointerEdge.y) : edges.bottom,
  };
}

/** The selection in global DIPs: what main receives and maps to pixels. */
export function toDipRect(space: Space, edges: Edges): Rect {
  const { bounds, capture } = space;
  const sx = bounds.width / capture.width;
  const sy = bounds.height / capture.height;
  return {
    x: bounds.x + edges.left * sx,
    y: bounds.y + edges.top * sy,
    width: (edges.right - edges.left) * sx,
    height: (edges.bottom - edges.top) * sy,
  };
}

/** The device-pixel rectangle main will crop for this selection, or why it cannot be confirmed. */
export function measure(space: Space, edges: Edges | null): CropResult {
  const rect = toDipRect(space, edges ?? { left: 0, top: 0, right: 0, bottom: 0 });
  return selectionToCapturePixels(
    rect,
    { id: space.displayId, bounds: space.bounds, scaleFactor: space.scaleFactor },
    space.capture,
  );
}

/** Where the selection sits on the page, in CSS px. */
export function toCss(space: Space, edges: Edges): Rect {
  const kx = space.view.width / space.capture.width;
  const ky = space.view.height / space.capture.height;
  return {
    x: edges.left * kx,
    y: edges.top * ky,
    width: (edges.right - edges.left) * kx,
    height: (edges.bottom - edges.top) * ky,
  };
}

/** A pixel's top-left corner on the page, in CSS px. */
export function pixelToCss(space: Space, p: Point): Point {
  return { x: p.x * (space.view.width / space.capture.width), y: p.y * (space.view.height / space.capture.height) };
}
