// Cuts the selected region out of a display capture, losslessly: PNG in, PNG
// out, exact pixels. Runs in the engine process (sharp in Electron's main
// process is known to crash on Linux).
import sharp from 'sharp';
import type { Rect } from '../common/geometry.js';
import { CodedError } from '../common/coded-error.js';
import { probeImage } from './image-input.js';

export async function cropToPng(capture: Uint8Array, rect: Rect): Promise<Uint8Array<ArrayBuffer>> {
  const { width, height } = await probeImage(capture);
  const inside =
    Number.isInteger(rect.x) &&
    Number.isInteger(rect.y) &&
    Number.isInteger(rect.width) &&
    Number.isInteger(rect.height) &&
    rect.x >= 0 &&
    rect.y >= 0 &&
    rect.width >= 1 &&
    rect.height >= 1 &&
    rect.x + rect.width <= width &&
    rect.y + rect.height <= height;
  if (!inside) {
    throw new CodedError(
      'bad-request',
      `The region ${rect.width}x${rect.height} at (${rect.x}, ${rect.y}) is not inside the ${width}x${height} capture.`,
    );
  }
  const png = await sharp(capture)
    .extract({ left: rect.x, top: rect.y, width: rect.width, height: rect.height })
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
  return new Uint8Array(png);
}
