// Capture on Linux under X11, in-process: the monitors and pixels come over
// the X connection (x11-screen.ts) and each display's frame is handed on as
// raw RGBA (zpixmap-rgba.ts): the overlay draws it as it is and the region is
// cut from it, so the whole screen is never encoded. No tool is spawned, so
// the app needs no package at run time for it. Where this path
// fails (an X server it cannot talk to, a pixel format it cannot read), the
// tools adapter (xrandr + ImageMagick's import) is tried, and when those are
// missing too the error names the packages to install.
//
// The connection and its shared-memory segment stay open for a while after a
// capture (captures come in bursts), so the next one skips connecting and
// the first touch of a fresh segment's pages; they are let go when idle.
import { matchScreens, type ListedScreen } from '../../common/display-match.js';
import { boundingRect, type DisplayGeometry, type Rect } from '../../common/geometry.js';
import {
  CaptureError,
  captureFailureOf,
  pngFrame,
  type CaptureAdapter,
  type DisplayCapture,
} from './capture-adapter.js';
import type { X11Monitor } from './x11-monitors.js';
import { openX11Screen, type X11Screen } from './x11-screen.js';
import { zpixmapToPng } from './zpixmap-png.js';
import { zpixmapToRgba } from './zpixmap-rgba.js';
import { messageOf } from '../../common/message-of.js';

export interface X11AdapterOptions {
  /** Tried when the in-process path fails; its error joins ours. */
  fallback?: CaptureAdapter;
  /**
   * How long the X connection and its shared-memory segment (4 bytes a pixel
   * of the screen, on /dev/shm) stay open after a capture. Default 10 minutes.
   */
  keepWarmMs?: number;
  /**
   * Frames as raw RGBA (the default: nothing encoded), or as PNG at this zlib
   * level (0 to 9): the path before raw frames, kept for the capture
   * benchmark's comparison.
   */
  pngLevel?: number;
  /** Told when the fallback is used instead, and why. */
  warn?: (message: string) => void;
  /** Opens the X connection (tests can point it elsewhere). */
  open?: () => Promise<X11Screen>;
}

export interface X11CaptureAdapter extends CaptureAdapter {
  /** How the last capture read the screen: 'shm', 'core', or 'fallback'. */
  readonly lastMethod: 'shm' | 'core' | 'fallback' | undefined;
  /** Closes the X connection now. */
  dispose(): void;
}

function intersect(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

export function createX11Adapter(options: X11AdapterOptions = {}): X11CaptureAdapter {
  const keepWarmMs = options.keepWarmMs ?? 10 * 60_000;
  const open = options.open ?? (() => openX11Screen());
  const warn = options.warn ?? ((message: string) => console.warn(`Sightline: ${message}`));
  let screen: Promise<X11Screen> | undefined;
  let idle: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let lastMethod: X11CaptureAdapter['lastMethod'];
  /** One capture at a time on the one connection: each runs after the one before it. */
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => {});
    return run;
  };

  const release = () => {
    const current = screen;
    screen = undefined;
    void current?.then(
      (s) => s.close(),
      () => {},
    );
  };

  const connection = async (): Promise<X11Screen> => {
    if (screen) {
      const current = await screen.catch(() => undefined);
      if (current?.open) return current;
      screen = undefined;
    }
    const opening = open();
    screen = opening;
    opening.catch(() => {
      if (screen === opening) screen = undefined;
    });
    return opening;
  };

  const captureInProcess = async (displays: readonly DisplayGeometry[]): Promise<DisplayCapture[]> => {
    const x = await connection();
    x.hold(true);
    try {
      const monitors = await x.monitors();
      const listed: (ListedScreen & { rect: Rect })[] = monitors.map((monitor: X11Monitor) => ({
        id: monitor.id,
        rect: monitor.rect,
        primary: monitor.primary,
      }));
      const matched = matchScreens(displays, listed);
      const rects = displays.map((display, index) => {
        const monitor = matched[index];
        const rect = monitor && intersect(monitor.rect, x.root);
        if (!rect) {
          throw new CaptureError(`Display ${display.id} was not found among the X server's monitors.`, {
            failure: { code: 'display-missing', displayId: display.id },
          });
        }
        return rect;
      });
      // One request for every display: all frames show the same moment.
      const image = await x.grab(boundingRect(rects));
      lastMethod = image.method;
      return await Promise.all(
        displays.map(async (display, index): Promise<DisplayCapture> => {
          const rect = rects[index] as Rect;
          const within = { x: rect.x - image.rect.x, y: rect.y - image.rect.y, width: rect.width, height: rect.height };
          // Copied out of the shared-memory segment, which the next capture reuses.
          const frame =
            options.pngLevel === undefined
              ? { format: 'rgba' as const, bytes: zpixmapToRgba(image, within) }
              : pngFrame(await zpixmapToPng(image, within, { level: options.pngLevel }));
          return { displayId: display.id, image: frame, width: rect.width, height: rect.height };
        }),
      );
    } finally {
      x.hold(false);
    }
  };

  const captureAll = async (displays: readonly DisplayGeometry[]): Promise<DisplayCapture[]> => {
    if (idle) clearTimeout(idle);
    try {
      if (!process.env.DISPLAY && !options.open) {
        throw new CaptureError(
          'There is no X display to capture (DISPLAY is not set). Sightline captures the screen of an X11 session; under Wayland it asks the desktop portal.',
          { failure: { code: 'no-x-display' } },
        );
      }
      try {
        return await captureInProcess(displays);
      } catch (error) {
        release();
        const reason = messageOf(error);
        if (!options.fallback) {
          throw error instanceof CaptureError
            ? error
            : new CaptureError(`Could not capture the screen: ${reason}`, { cause: error });
        }
        warn(`the in-process X11 capture failed (${reason}); trying xrandr and ImageMagick's import.`);
        try {
          const captures = await options.fallback.captureAll(displays);
          lastMethod = 'fallback';
          return captures;
        } catch (fallbackError) {
          // What the user can do is the fallback's (install the tools it names); the X connection's cause is detail.
          throw new CaptureError(
            `Could not capture the screen over the X connection (${reason}). ${messageOf(fallbackError)}`,
            { cause: fallbackError, failure: captureFailureOf(fallbackError) },
          );
        }
      }
    } finally {
      idle = setTimeout(release, keepWarmMs);
      idle.unref();
    }
  };

  return {
    name: 'x11',
    get lastMethod() {
      return lastMethod;
    },
    captureAll(displays) {
      return serially(() => captureAll(displays));
    },
    dispose() {
      if (idle) clearTimeout(idle);
      release();
    },
  };
}
