// Which part of which screen picture is each display's capture. Electron's
// desktopCapturer usually returns one picture per display. Under Wayland it
// asks the desktop portal instead, which often returns ONE picture of the
// whole desktop (the displays' bounding box), or fewer pictures than there
// are displays, without display ids. Each display is then cut out of the
// whole desktop's picture, at its place in the displays' layout. Pure
// geometry: main/capture/desktop-capturer-adapter.ts does the cutting.
import { matchSourcesById } from './display-match.js';
import { expectedCaptureSize, type CaptureSize, type DisplayGeometry, type Rect } from './geometry.js';

/** One picture a capture source returned: its display id ('' when unknown) and its size in pixels. */
export interface SourcePicture {
  displayId: string;
  width: number;
  height: number;
}

/** A display's capture: the whole of picture `source`, or the part `rect` of it (picture pixels). */
export interface DisplayCut {
  source: number;
  rect?: Rect;
}

export type PicturePlan =
  | { kind: 'per-display'; cuts: DisplayCut[] }
  /** Every display is cut from picture `source`, a picture of the whole desktop. */
  | { kind: 'whole-desktop'; source: number; cuts: DisplayCut[] }
  | { kind: 'unmatched'; reason: string };

/** The displays' bounding box, in DIPs: the desktop a whole-desktop picture shows. */
export function desktopBounds(displays: readonly DisplayGeometry[]): Rect {
  const x = Math.min(...displays.map((display) => display.bounds.x));
  const y = Math.min(...displays.map((display) => display.bounds.y));
  const right = Math.max(...displays.map((display) => display.bounds.x + display.bounds.width));
  const bottom = Math.max(...displays.map((display) => display.bounds.y + display.bounds.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** The whole desktop at the finest scale factor among the displays: the size to ask a whole-desktop picture at. */
export function desktopPixelSize(displays: readonly DisplayGeometry[]): CaptureSize {
  const bounds = desktopBounds(displays);
  const scale = Math.max(...displays.map((display) => display.scaleFactor));
  return { width: Math.round(bounds.width * scale), height: Math.round(bounds.height * scale) };
}

/**
 * Whether a picture has a size's shape. A thumbnail is scaled to fit the size
 * it was asked at, keeping its proportions, so its shape is what tells what
 * it shows; one pixel of rounding either way is allowed.
 */
function sameShape(picture: CaptureSize, size: CaptureSize): boolean {
  if (picture.width <= 0 || picture.height <= 0) return false;
  const scale = picture.width / size.width;
  return Math.abs(size.height * scale - picture.height) <= 1 + scale;
}

/**
 * Each display's part of a whole-desktop picture: its bounds relative to the
 * desktop's, scaled to the picture. A picture at the desktop's pixel size is
 * cut at the displays' scale factor exactly. A picture of another size is
 * scaled proportionally on each axis: the portal rendered the desktop at a
 * scale of its own (its logical size, a fractional scale), and the displays'
 * layout, which Electron reports, is the only geometry known for it.
 */
export function cutsFromDesktop(displays: readonly DisplayGeometry[], picture: CaptureSize): Rect[] {
  const desktop = desktopBounds(displays);
  const sx = picture.width / desktop.width;
  const sy = picture.height / desktop.height;
  return displays.map((display) => {
    // Edges are mapped, not sizes: neighbouring displays share their edge in pixels.
    const left = Math.round((display.bounds.x - desktop.x) * sx);
    const top = Math.round((display.bounds.y - desktop.y) * sy);
    const right = Math.round((display.bounds.x + display.bounds.width - desktop.x) * sx);
    const bottom = Math.round((display.bounds.y + display.bounds.height - desktop.y) * sy);
    return { x: left, y: top, width: right - left, height: bottom - top };
  });
}

/** What the source returned, for an error a user (or a bug report) can act on. */
function describe(pictures: readonly SourcePicture[], displays: readonly DisplayGeometry[]): string {
  const sizes = pictures.map((picture) => `${picture.width}×${picture.height}`).join(', ');
  const wanted = displays.map((display) => {
    const size = expectedCaptureSize(display);
    return `${size.width}×${size.height}`;
  });
  const returned = pictures.length === 1 ? `one picture (${sizes})` : `${pictures.length} pictures (${sizes})`;
  return `The screen-sharing portal returned ${pictures.length === 0 ? 'no picture' : returned} for ${displays.length} display${displays.length === 1 ? '' : 's'} (${wanted.join(', ')}).`;
}

const whatToTry =
  'When the system asks which screen to share, choose the entire screen (all displays), then capture again.';

/** Which picture, and which part of it, is each display's capture; or why none fits. */
export function planDisplayPictures(
  displays: readonly DisplayGeometry[],
  pictures: readonly SourcePicture[],
): PicturePlan {
  if (displays.length === 0) return { kind: 'per-display', cuts: [] };
  const desktop = desktopPixelSize(displays);
  const indexed = pictures.map((picture, index) => ({ ...picture, index }));
  const isDesktop = (picture: SourcePicture) =>
    displays.length > 1 &&
    sameShape(picture, desktop) &&
    !displays.some((display) => sameShape(picture, expectedCaptureSize(display)));
  const paired = matchSourcesById(displays, indexed);
  // The ordinary case: a picture for every display, none of them the whole desktop.
  if (pictures.length >= displays.length && paired.every((picture) => picture && !isDesktop(picture))) {
    return { kind: 'per-display', cuts: paired.map((picture) => ({ source: picture!.index })) };
  }
  const largest = (candidates: typeof indexed) =>
    [...candidates].sort((a, b) => b.width * b.height - a.width * a.height)[0];
  // A picture of the whole desktop. With fewer pictures than displays, one of
  // the desktop's shape is it even where a display has that shape too (a grid
  // of equal displays); failing that, the largest picture of no display's
  // shape is the best guess for it (see cutsFromDesktop).
  const shows = (picture: SourcePicture) =>
    displays.some((display) => sameShape(picture, expectedCaptureSize(display)));
  const fewer = pictures.length < displays.length;
  const whole =
    largest(indexed.filter(isDesktop)) ??
    (fewer
      ? (largest(indexed.filter((picture) => sameShape(picture, desktop))) ??
        largest(indexed.filter((picture) => !shows(picture))))
      : undefined);
  if (!whole) {
    const why =
      pictures.length < displays.length && pictures.length > 0
        ? ' Each picture shows one display, so the others cannot be captured.'
        : '';
    return { kind: 'unmatched', reason: `${describe(pictures, displays)}${why} ${whatToTry}` };
  }
  const rects = cutsFromDesktop(displays, whole);
  if (rects.some((rect) => rect.width < 1 || rect.height < 1)) {
    return { kind: 'unmatched', reason: `${describe(pictures, displays)} ${whatToTry}` };
  }
  return { kind: 'whole-desktop', source: whole.index, cuts: rects.map((rect) => ({ source: whole.index, rect })) };
}
