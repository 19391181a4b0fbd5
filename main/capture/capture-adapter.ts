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

/**
 * Why a capture failed, as main words it in the app's language
 * (main/app/capture-failure-words.ts); the error's message is the English
 * account with its technical cause, kept for the log and shown beside it.
 */
export type CaptureFailure =
  | { code: 'no-x-display' }
  | { code: 'display-missing'; displayId: string }
  | { code: 'tools-missing'; tools: string[]; packages: string[] }
  | { code: 'screens-unlisted' }
  | { code: 'screen-recording' }
  | { code: 'empty'; displayId: string }
  | { code: 'not-png'; displayId: string }
  | { code: 'portal-pictures' }
  | { code: 'failed' };

export class CaptureError extends Error {
  readonly failure: CaptureFailure;

  constructor(message: string, options?: { cause?: unknown; failure?: CaptureFailure }) {
    super(message, options);
    this.name = 'CaptureError';
    this.failure = options?.failure ?? { code: 'failed' };
  }
}

/** The failure an error stands for: its own code when it is a CaptureError, else a failure with no more said. */
export function captureFailureOf(error: unknown): CaptureFailure {
  return error instanceof CaptureError ? error.failure : { code: 'failed' };
}
