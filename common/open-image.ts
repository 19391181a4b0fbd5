// An image the user opens as a capture (a file, a paste, a drop) rather than
// one taken with the hotkey: which formats Sightline opens, the refusals a
// host answers with (codes: the page words them in its language), and the
// checks every door makes from the image's first bytes, before decoding or
// storing anything. Pure, so the page, the preload's main process and the
// web host check alike.
import * as z from 'zod/mini';
import './schema.js';
import { ConversationSummary } from './conversation.js';
import { imageHeader } from './image-header.js';
import { maxImagePixels } from './image-limits.js';

/** The formats an opened image may have; a GIF opens on its first frame. */
export const openedImageFormats = ['png', 'jpeg', 'webp', 'gif'] as const;
export type OpenedImageFormat = (typeof openedImageFormats)[number];

/** What the file picker offers. */
export const openedImageTypes = 'image/png,image/jpeg,image/webp,image/gif,.png,.jpg,.jpeg,.webp,.gif';

/** The largest file opened as a capture (a 16-megapixel photo is far below it). */
export const maxOpenedImageBytes = 64 * 1024 * 1024;

/** The longest side an opened image keeps; a larger one is scaled down as it is converted. */
export const maxOpenedImageSide = 16_384;

export const OpenImageRefusal = z.discriminatedUnion('reason', [
  /** Not a PNG, JPEG, WebP or GIF (a text file named .png, a BMP, an SVG…). */
  z.object({ reason: z.literal('unsupported') }),
  z.object({ reason: z.literal('too-large'), maxBytes: z.number() }),
  z.object({ reason: z.literal('too-many-pixels'), width: z.number(), height: z.number() }),
  /** Its header says one of the formats, but it does not decode. */
  z.object({ reason: z.literal('damaged') }),
]);
export type OpenImageRefusal = z.infer<typeof OpenImageRefusal>;

export const OpenImageReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), conversation: ConversationSummary }),
  z.object({ ok: z.literal(false), refusal: OpenImageRefusal }),
]);
export type OpenImageReply = z.infer<typeof OpenImageReply>;

/** What an image's first bytes say: its format, or why it is refused (size known or not yet). */
export type HeaderCheck =
  | { ok: true; format: OpenedImageFormat; width: number; height: number }
  | { ok: false; refusal: OpenImageRefusal }
  /** The bytes so far do not tell yet (a JPEG's size can come after its metadata). */
  | { ok: 'more' };

/**
 * Checks an image from its first bytes: its format, and the pixels its header
 * declares against maxImagePixels. `complete`: these are all its bytes (a
 * header that never says its size is damaged then).
 */
export function checkImageHeader(bytes: Uint8Array, complete: boolean): HeaderCheck {
  const header = imageHeader(bytes);
  if (!header) {
    // Twelve bytes tell every format apart: fewer may yet become one.
    return !complete && bytes.byteLength < 12 ? { ok: 'more' } : unsupported;
  }
  if (!header.size) return complete ? { ok: false, refusal: { reason: 'damaged' } } : { ok: 'more' };
  const { width, height } = header.size;
  if (width < 1 || height < 1) return { ok: false, refusal: { reason: 'damaged' } };
  if (width * height > maxImagePixels) return { ok: false, refusal: { reason: 'too-many-pixels', width, height } };
  return { ok: true, format: header.format, width, height };
}

const unsupported: HeaderCheck = { ok: false, refusal: { reason: 'unsupported' } };

/** The refusal in English, for the command line and the web host's HTTP answers (the page words it itself). */
export function describeRefusal(refusal: OpenImageRefusal): string {
  switch (refusal.reason) {
    case 'unsupported':
      return 'Sightline opens PNG, JPEG, WebP and GIF images; this file is none of them.';
    case 'too-large':
      return `The image is larger than ${describeBytes(refusal.maxBytes)}, the most Sightline opens.`;
    case 'too-many-pixels': {
      const megapixels = (pixels: number) => Math.floor(pixels / 1_000_000).toLocaleString('en');
      return (
        `The image is ${refusal.width}x${refusal.height} px (${megapixels(refusal.width * refusal.height)} megapixels): ` +
        `more than the ${megapixels(maxImagePixels)} megapixels Sightline reads. Open a smaller image.`
      );
    }
    case 'damaged':
      return 'The image is damaged: it could not be read.';
  }
}

export function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;
}
