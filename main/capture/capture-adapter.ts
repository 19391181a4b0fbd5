import type { DisplayGeometry } from '../../common/geometry.js';
import type { FrameImage } from '../../common/overlay-contract.js';

export type { FrameImage };

/** A region cut out of a display's frame: a lossless PNG. */
export interface RegionPng {
  png: Uint8Array;
  width: number;
  height: number;
}

/**
 * One display's frozen frame at full device resolution: a lossless PNG, or
 * raw RGBA where the adapter reads the pixels itself (the X11 capture), so
 * that nothing encodes the whole screen on the way to the overlay.
 */
export interface DisplayCapture {
  displayId: string;
  image: FrameImage;
  width: number;
  height: number;
}

/** A PNG frame, as the platforms' tools and desktopCapturer give them (a Node Buffer's bytes, viewed). */
export function pngFrame(png: Uint8Array): FrameImage {
  return { format: 'png', bytes: new Uint8Array(png.buffer as ArrayBuffer, png.byteOffset, png.byteLength) };
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
