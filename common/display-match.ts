// Pairs Electron's displays (DIP bounds, scale factor, numeric id) with the
// screens a capture tool lists (device-pixel rectangles, its own ids). Ids
// never match across the two, and on Linux Electron's display ids can even
// be empty or zero, so screens are matched by where they are: the one whose
// pixel rectangle overlaps the display's expected pixel rectangle most. When
// the tool reports no geometry (macOS), displays are paired in order.
import type { DisplayGeometry, Rect } from './geometry.js';

export interface ListedScreen {
  id: string | number;
  /** Device-pixel rectangle, when the tool reports one. */
  rect?: Rect;
  primary?: boolean;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Each display's screen, in the displays' order; undefined where none fits. */
export function matchScreens<S extends ListedScreen>(
  displays: readonly DisplayGeometry[],
  screens: readonly S[],
): (S | undefined)[] {
  const withGeometry = screens.every((screen) => screen.rect);
  if (!withGeometry) return displays.map((_, i) => screens[i]);
  const taken = new Set<S>();
  return displays.map((display) => {
    const expected: Rect = {
      x: Math.round(display.bounds.x * display.scaleFactor),
      y: Math.round(display.bounds.y * display.scaleFactor),
      width: Math.round(display.bounds.width * display.scaleFactor),
      height: Math.round(display.bounds.height * display.scaleFactor),
    };
    let best: S | undefined;
    let bestScore = 0;
    for (const screen of screens) {
      if (taken.has(screen) || !screen.rect) continue;
      // X11 lays screens out in pixels while Electron's DIP layout is scaled:
      // compare sizes too, so a 2x display next to a 1x one still pairs.
      const score =
        overlap(expected, screen.rect) +
        (screen.rect.width === expected.width && screen.rect.height === expected.height ? 1 : 0);
      if (score > bestScore) {
        best = screen;
        bestScore = score;
      }
    }
    if (best) taken.add(best);
    return best;
  });
}

export interface CapturerSource {
  /** Electron's desktopCapturer display_id: a display's id as a string, or '' on some Linux setups. */
  displayId: string;
}

/**
 * Pairs desktopCapturer sources with displays by id. Where the ids are
 * missing (some X11 and Wayland setups report ''), the sources come in the
 * displays' order and are paired by position in the list.
 */
export function matchSourcesById<S extends CapturerSource>(
  displays: readonly DisplayGeometry[],
  sources: readonly S[],
): (S | undefined)[] {
  const byId = new Map(sources.filter((source) => source.displayId !== '').map((source) => [source.displayId, source]));
  const matched = displays.map((display) => byId.get(display.id));
  if (matched.every((source) => source !== undefined)) return matched;
  const anonymous = sources.filter(
    (source) => source.displayId === '' || !displays.some((display) => display.id === source.displayId),
  );
  let next = 0;
  return matched.map((source) => source ?? anonymous[next++]);
}
