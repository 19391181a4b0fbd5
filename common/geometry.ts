// From a selection in DIPs (what the overlay sees) to the exact device pixels
// of that display's capture. Edges are mapped, not sizes: each edge goes to
// the nearest pixel boundary using the capture's real size, so a selection of
// the whole display is the whole capture, two selections that share an edge
// share it in pixels too, and no row or column is lost or added at fractional
// scale factors (1.25, 1.5, 1.75).

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayGeometry {
  id: string;
  /** The display's bounds in global DIP coordinates (may be negative left of or above the primary). */
  bounds: Rect;
  scaleFactor: number;
}

export interface CaptureSize {
  width: number;
  height: number;
}

export type CropResult = { ok: true; displayId: string; rect: Rect } | { ok: false; reason: string };

/** The capture size a display should have at full device resolution. */
export function expectedCaptureSize(display: DisplayGeometry): CaptureSize {
  return {
    width: Math.round(display.bounds.width * display.scaleFactor),
    height: Math.round(display.bounds.height * display.scaleFactor),
  };
}

/** Whether `inner` lies wholly inside `outer`. */
export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/** The smallest rectangle holding every one of `rects` (at least one). */
export function boundingRect(rects: readonly Rect[]): Rect {
  const x = Math.min(...rects.map((rect) => rect.x));
  const y = Math.min(...rects.map((rect) => rect.y));
  const right = Math.max(...rects.map((rect) => rect.x + rect.width));
  const bottom = Math.max(...rects.map((rect) => rect.y + rect.height));
  return { x, y, width: right - x, height: bottom - y };
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The display a global DIP selection lies on, or why there is none. */
export function displayForSelection(
  selection: Rect,
  displays: readonly DisplayGeometry[],
): { ok: true; display: DisplayGeometry } | { ok: false; reason: string } {
  const touched = displays.filter((display) => intersects(display.bounds, selection));
  if (touched.length > 1) return { ok: false, reason: 'A selection must stay on one display.' };
  const display = touched[0];
  if (!display || !contains(display.bounds, selection))
    return { ok: false, reason: 'The selection is outside every display.' };
  return { ok: true, display };
}

/**
 * Maps a global DIP selection on `display` to a rectangle in its capture's
 * pixels. `capture` is the captured image's real size, which on some systems
 * differs by a pixel from bounds x scaleFactor; mapping through it keeps the
 * crop inside the image.
 */
export function selectionToCapturePixels(selection: Rect, display: DisplayGeometry, capture: CaptureSize): CropResult {
  const { bounds } = display;
  if (![selection.x, selection.y, selection.width, selection.height].every(Number.isFinite)) {
    return { ok: false, reason: 'The selection is not a rectangle.' };
  }
  if (capture.width < 1 || capture.height < 1) return { ok: false, reason: 'The display capture is empty.' };
  const sx = capture.width / bounds.width;
  const sy = capture.height / bounds.height;
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  const left = clamp(Math.round((selection.x - bounds.x) * sx), capture.width);
  const right = clamp(Math.round((selection.x + selection.width - bounds.x) * sx), capture.width);
  const top = clamp(Math.round((selection.y - bounds.y) * sy), capture.height);
  const bottom = clamp(Math.round((selection.y + selection.height - bounds.y) * sy), capture.height);
  const width = right - left;
  const height = bottom - top;
  if (width <= 0 || height <= 0) return { ok: false, reason: 'The selection is empty: drag to select a region.' };
  if (width < 2 || height < 2) {
    return { ok: false, reason: `The selection is only ${width}x${height} pixels: select a larger region.` };
  }
  return { ok: true, displayId: display.id, rect: { x: left, y: top, width, height } };
}
