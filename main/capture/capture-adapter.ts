import type { DisplayGeometry } from '../../common/geometry.js';

/** One display's frozen frame: a lossless PNG at full device resolution. */
export interface DisplayCapture {
  displayId: string;
  png: Uint8Array;
  width: number;
  height: number;
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
