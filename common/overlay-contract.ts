// The IPC contract between the overlay windows' preload and the main process:
// channel names and the schema of every payload. The overlay preload validates
// what it sends and receives against it; main validates every payload too
// (and checks the sender) before acting. Kept apart from ipc-contract.ts so the
// overlay's channels can be merged into main's handlers on their own.
//
// One overlay window per display. Each window asks main for its own display's
// frozen frame (main knows which from the sender) and the language to speak,
// then either confirms one selection or cancels; a cancel from any overlay
// closes all of them. A refused confirm comes with a code: the page words it.
import * as z from 'zod/mini';
import './schema.js';
import { PixelRect } from './pixel-rect.js';
import { UiLanguage } from './ui-language.js';

/** A rectangle in DIPs (global desktop coordinates: may be negative, may be fractional). */
export const DipRect = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().check(z.nonnegative()),
  height: z.number().check(z.nonnegative()),
});

/**
 * A frozen frame's pixels: a lossless PNG (what the platforms' capture tools
 * and Electron's desktopCapturer give), or raw RGBA, 4 bytes a pixel, row
 * after row (the X11 capture: nothing is encoded on the way to the overlay,
 * which draws them as they are).
 */
export const FrameImage = z.discriminatedUnion('format', [
  z.object({ format: z.literal('png'), bytes: z.instanceof(Uint8Array) }),
  z.object({ format: z.literal('rgba'), bytes: z.instanceof(Uint8Array) }),
]);
export type FrameImage = z.infer<typeof FrameImage>;

/** Main's reply to `overlay:frame`: the display this window covers and its frozen frame. */
export const OverlayFrame = z
  .object({
    displayId: z.string(),
    /** The display's bounds in global DIPs; the overlay window covers exactly these. */
    bounds: z.object({
      x: z.number(),
      y: z.number(),
      width: z.number().check(z.positive()),
      height: z.number().check(z.positive()),
    }),
    scaleFactor: z.number().check(z.positive()),
    /** The capture's real pixel size (the frame's size; may differ by a pixel from bounds x scaleFactor). */
    captureSize: z.object({ width: z.int().check(z.positive()), height: z.int().check(z.positive()) }),
    /** The language of the overlay's hints and screen-reader text: the app's (the uiLanguage setting, resolved by main). */
    language: UiLanguage,
    /** The frame; the page draws it on a canvas. */
    image: FrameImage,
  })
  .check(
    z.refine(
      ({ image, captureSize }) =>
        image.format !== 'rgba' || image.bytes.byteLength === captureSize.width * captureSize.height * 4,
      'raw RGBA frames hold 4 bytes for each pixel of the capture',
    ),
  );
export type OverlayFrame = z.infer<typeof OverlayFrame>;

/** The page's request to `overlay:confirm`. */
export const OverlaySelection = z.object({
  displayId: z.string(),
  /** The selection in global DIPs: what main maps with selectionToCapturePixels and crops. */
  dipRect: DipRect,
  /** What the page showed in its readout: selectionToCapturePixels of dipRect. Main may check it. */
  pixelRect: PixelRect,
});
export type OverlaySelection = z.infer<typeof OverlaySelection>;

/**
 * Why main refused a selection: the capture already ended, the selection
 * claims another display than the sender's, or it selects too little.
 */
export const OverlayRefusal = z.enum(['capture-over', 'other-display', 'bad-selection']);
export type OverlayRefusal = z.infer<typeof OverlayRefusal>;

/** Main's reply to `overlay:confirm`: accepted (main closes every overlay), or why not (`reason`: the same in English). */
export const OverlayConfirmReply = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), refusal: OverlayRefusal, reason: z.string() }),
]);
export type OverlayConfirmReply = z.infer<typeof OverlayConfirmReply>;

export const overlayChannels = {
  /** invoke, no payload → OverlayFrame of the sender's display. */
  frame: 'overlay:frame',
  /** invoke, OverlaySelection → OverlayConfirmReply. */
  confirm: 'overlay:confirm',
  /** send, no payload: cancel the capture on every display at once. */
  cancel: 'overlay:cancel',
  /**
   * send, no payload: the page has painted its frozen frame (or its error), so
   * main can show the window without a black flash before the frame decodes.
   */
  painted: 'overlay:painted',
} as const;

/** Each invoke channel: its request payload schema and its reply schema (same shape as ipc-contract's). */
export const overlayInvokeChannels = {
  [overlayChannels.frame]: { request: z.undefined(), reply: OverlayFrame },
  [overlayChannels.confirm]: { request: OverlaySelection, reply: OverlayConfirmReply },
} as const;

/** Each one-way (send) channel and its payload schema. */
export const overlaySendChannels = {
  [overlayChannels.cancel]: z.undefined(),
  [overlayChannels.painted]: z.undefined(),
} as const;
