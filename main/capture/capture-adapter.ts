import type { DisplayGeometry, Rect } from '../../common/geometry.js';

/** A region cut out of a display's frame: a lossless PNG. */
export interface RegionPng {
  png: Uint8Array;
  width: number;
  height: number;
}

/** One display's frozen frame: a lossless PNG at full device resolution. */
export interface DisplayCapture {
  displayId: string;
  png: Uint8Array;
  width: number;
  height: number;
  /**
   * Cuts `rect` (capture pixels) out of the raw pixels the adapter grabbed,
   * without decoding `png` again (at 3840x2160 the engine's crop spends 40 to
   * 70 ms decoding it). Present when the adapter keeps its raw pixels (the
   * X11 capture); resolves undefined once they are gone (a newer capture
   * reused them, or the idle connection was let go): crop `png` then.
   */
  cropRaw?: (rect: Rect) => Promise<RegionPng | undefined>;
}

/**
 * Captures every display before any overlay is shown. Implementations: the
 * in-process X11 capture (Linux under X11; x11-adapter.ts), screenshot-desktop
 * (the platform's own tools; the X11 capture's fallback) and Electron's
 * desktopCapturer (Wayland, macOS, Windows). The first two run under plain
 * Node too.
 */
export interface CaptureAdapter {
  readonly name: string;
  captureAll(displays: readonly DisplayGeometry[]): Promise<DisplayCapture[]>;
}

export class CaptureError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CaptureError';
  }
}
