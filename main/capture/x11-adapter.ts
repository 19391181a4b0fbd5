// Capture on Linux under X11, in-process: the monitors and pixels come over
// the X connection (x11-screen.ts) and each display's frame is encoded as a
// fast, lightly compressed PNG without sharp (zpixmap-png.ts). No tool is
// spawned, so the app needs no package at run time for it. Where this path
// fails (an X server it cannot talk to, a pixel format it cannot read), the
// tools adapter (xrandr + ImageMagick's import) is tried, and when those are
// missing too the error names the packages to install.
//
// The connection and its shared-memory segment stay open for a while after a
// capture (captures come in bursts), so the next one skips connecting and
// the first touch of a fresh segment's pages; they are let go when idle.
// While the segment still holds a capture's pixels, the selected region is
// cut from them (cropRaw) instead of the engine decoding the frame's PNG.
import { matchScreens, type ListedScreen } from '../../common/display-match.js';
import type { DisplayGeometry, Rect } from '../../common/geometry.js';
import { CaptureError, type CaptureAdapter, type DisplayCapture, type RegionPng } from './capture-adapter.js';
import type { X11Monitor } from './x11-monitors.js';
import { openX11Screen, type X11Grab, type X11Screen } from './x11-screen.js';
import { zpixmapToPng } from './zpixmap-png.js';
import { messageOf } from '../../common/message-of.js';

export interface X11AdapterOptions {
  /** Tried when the in-process path fails; its error joins ours. */
  fallback?: CaptureAdapter;
  /**
   * How long the X connection and its shared-memory segment (4 bytes a pixel
   * of the screen, on /dev/shm) stay open after a capture. Default 10 minutes.
   */
  keepWarmMs?: number;
  /** zlib level of the frames' PNG (0 to 9). Default 1. */
  level?: number;
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

/**
 * zlib level of a cut region's PNG, which the history keeps: for an 800x450
 * region of a screen-like image level 4 took 7 ms for 56 KB, level 6 (the
 * engine crop's) 31 ms for 50 KB, level 1 3 ms for 78 KB.
 */
const regionLevel = 4;

function intersect(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

function bounding(rects: readonly Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

export function createX11Adapter(options: X11AdapterOptions = {}): X11CaptureAdapter {
  const keepWarmMs = options.keepWarmMs ?? 10 * 60_000;
  const open = options.open ?? (() => openX11Screen());
  const warn = options.warn ?? ((message: string) => console.warn(`Sightline: ${message}`));
  let screen: Promise<X11Screen> | undefined;
  let idle: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let lastMethod: X11CaptureAdapter['lastMethod'];
  /** Grabs so far: a shared-memory segment holds the latest one's pixels only. */
  let grabs = 0;

  /** Runs after every capture or crop before it, one at a time on the one connection. */
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
        if (!rect) throw new CaptureError(`Display ${display.id} was not found among the X server's monitors.`);
        return rect;
      });
      // One request for every display: all frames show the same moment.
      const image = await x.grab(bounding(rects));
      lastMethod = image.method;
      const grabbed = ++grabs;
      return await Promise.all(
        displays.map(async (display, index) => {
          const rect = rects[index] as Rect;
          const within = { x: rect.x - image.rect.x, y: rect.y - image.rect.y, width: rect.width, height: rect.height };
          const png = await zpixmapToPng(image, within, { level: options.level ?? 1 });
          return {
            displayId: display.id,
            png,
            width: rect.width,
            height: rect.height,
            cropRaw: (region: Rect) => serially(() => cropGrab(x, image, grabbed, within, region)),
          };
        }),
      );
    } finally {
      x.hold(false);
    }
  };

  /**
   * `region` (pixels of the display at `display` in the grab) as a PNG;
   * undefined once the grab's pixels are gone.
   */
  const cropGrab = async (
    x: X11Screen,
    image: X11Grab,
    grabbed: number,
    display: Rect,
    region: Rect,
  ): Promise<RegionPng | undefined> => {
    // Over the socket the pixels are our own buffer; in shared memory, only the latest grab's, while connected.
    const held =
      image.method === 'core' || (grabbed === grabs && x.open && (await screen?.catch(() => undefined)) === x);
    const inside =
      region.x >= 0 &&
      region.y >= 0 &&
      region.x + region.width <= display.width &&
      region.y + region.height <= display.height;
    if (!held || !inside) return undefined;
    const rect = { ...region, x: display.x + region.x, y: display.y + region.y };
    const png = await zpixmapToPng(image, rect, { level: regionLevel });
    return { png, width: region.width, height: region.height };
  };

  const captureAll = async (displays: readonly DisplayGeometry[]): Promise<DisplayCapture[]> => {
    if (idle) clearTimeout(idle);
    try {
      if (!process.env.DISPLAY && !options.open) {
        throw new CaptureError(
          'There is no X display to capture (DISPLAY is not set). Sightline captures the screen of an X11 session; under Wayland it asks the desktop portal.',
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
          throw new CaptureError(
            `Could not capture the screen over the X connection (${reason}). ${messageOf(fallbackError)}`,
            { cause: fallbackError },
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
