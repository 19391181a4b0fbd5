// Turns a capture (a file or bytes) into the pixels the processor gets. Runs in
// the engine process: sharp in Electron's main process is known to crash on
// Linux, and decoding a 16000x16000 image must not stall the UI. Images are
// scaled down here, before any float tensor exists, so a huge capture costs
// what the tiling policy allows and never an out-of-memory crash.
import { readFile } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import type { ImageSource } from '../common/engine-protocol.js';
import { maxImagePixels } from '../common/image-limits.js';
import { CodedError } from '../common/coded-error.js';

export interface DecodedImage {
  /** RGB, 3 bytes per pixel, row-major. */
  data: Uint8Array;
  width: number;
  height: number;
  /** The size before any downscaling: the region's real pixels. */
  originalWidth: number;
  originalHeight: number;
}

/** Largest side ratio a model can read; Qwen2-VL's processor refuses more than 200:1 too. */
export const maxAspectRatio = 200;

export async function readImageBytes(source: ImageSource): Promise<Uint8Array> {
  if (source.kind === 'bytes') return source.bytes;
  try {
    return await readFile(source.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CodedError(
      'bad-image',
      code === 'ENOENT'
        ? `The capture ${source.path} no longer exists.`
        : `The capture ${source.path} cannot be read (${code ?? 'error'}).`,
      { cause: error },
    );
  }
}

export interface ImageSize {
  width: number;
  height: number;
}

/** Reads the header only: size and format, with a clear error for anything that is not a usable image. */
export async function probeImage(bytes: Uint8Array): Promise<ImageSize> {
  if (bytes.byteLength === 0) throw new CodedError('bad-image', 'The capture is empty (0 bytes).');
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: maxImagePixels }).metadata();
  } catch (error) {
    throw new CodedError(
      'bad-image',
      'The capture is not an image Sightline can read (PNG, JPEG, WebP, GIF, TIFF or AVIF).',
      {
        cause: error,
      },
    );
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width < 1 || height < 1) throw new CodedError('bad-image', `The capture has no pixels (${width}x${height}).`);
  if (Math.max(width, height) / Math.min(width, height) > maxAspectRatio) {
    throw new CodedError(
      'bad-image',
      `The capture is ${width}x${height} px: too thin to read. Select a region whose sides differ at most ${maxAspectRatio}-fold.`,
    );
  }
  return { width, height };
}

/** 'inside': at most this size, aspect kept; 'fill': exactly this size. Never larger than the original either way. */
export interface DecodeTarget extends ImageSize {
  fit: 'inside' | 'fill';
}

/**
 * Decodes to RGB at `target(original size)`, never upscaled. Transparent
 * pixels are laid on white, as a screenshot shows them.
 */
export async function decodeImage(bytes: Uint8Array, target: (size: ImageSize) => DecodeTarget): Promise<DecodedImage> {
  const original = await probeImage(bytes);
  const { width: originalWidth, height: originalHeight } = original;
  const maxSize = target(original);
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxImagePixels, failOn: 'truncated' })
      .rotate()
      .resize({
        width: maxSize.width,
        height: maxSize.height,
        fit: maxSize.fit,
        withoutEnlargement: true,
        kernel: 'lanczos3',
      })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      originalWidth,
      originalHeight,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CodedError('bad-image', `The capture is damaged and cannot be decoded (${detail}).`, { cause: error });
  }
}
