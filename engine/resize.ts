// Prepares a capture for a remote model server: scaled down so its longer side
// fits the server's limit, and encoded as PNG — or, where the user allows it,
// as JPEG when that is smaller (screenshots of flat UI often compress better
// as PNG, photos as JPEG). Runs in the engine process, like crop.ts: sharp in
// Electron's main process is known to crash on Linux.
import sharp from 'sharp';
import { pngSize } from '../common/png-size.js';
import { CodedError } from '../common/coded-error.js';
import { probeImage } from './image-input.js';

export interface PreparedImage {
  bytes: Uint8Array<ArrayBuffer>;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

export async function resizeForUpload(image: Uint8Array, maxSide: number, allowJpeg: boolean): Promise<PreparedImage> {
  const { width, height } = await probeImage(image);
  const fits = Math.max(width, height) <= maxSide;
  // A PNG that already fits goes as it is: re-encoding would only cost time.
  if (fits && !allowJpeg && pngSize(image)) return { bytes: ownBuffer(image), mime: 'image/png', width, height };
  try {
    const scaled = sharp(image, { failOn: 'truncated' })
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' });
    const png = await scaled.clone().png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true });
    let best: PreparedImage = {
      bytes: new Uint8Array(png.data),
      mime: 'image/png',
      width: png.info.width,
      height: png.info.height,
    };
    if (allowJpeg) {
      // JPEG has no alpha: transparent pixels are laid on white, as a screenshot shows them.
      const jpeg = await scaled.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
      if (jpeg.byteLength < best.bytes.byteLength) best = { ...best, bytes: new Uint8Array(jpeg), mime: 'image/jpeg' };
    }
    return best;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CodedError('bad-image', `The capture is damaged and cannot be encoded (${detail}).`, { cause: error });
  }
}

/** The same bytes, on a plain ArrayBuffer (copied only when they sit on a shared one). */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
