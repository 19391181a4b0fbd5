// The image that leaves after secrets were hidden: the capture at its full
// resolution with each box filled with one opaque colour, pixel by pixel, as
// a lossless PNG. Not blurred and not pixelated: both can be undone or read
// through (a blurred line of text can be guessed back from its shape); a
// solid fill leaves nothing of what was under it. Runs in the engine, like
// every sharp job: off Electron's main thread, where sharp may not run.
import sharp from 'sharp';
import { maxImagePixels } from '../common/image-limits.js';
import type { RedactionBox } from '../common/redaction.js';
import { probeImage } from './image-input.js';

/** The PNG with every box (capture pixels, clipped to the image) filled opaque black; a PNG in, a PNG out, its channels kept. */
export async function fillBoxes(png: Uint8Array, boxes: readonly RedactionBox[]): Promise<Uint8Array<ArrayBuffer>> {
  // What is not an image is refused as bad-image, in words, as a crop's capture is.
  await probeImage(png);
  const { data, info } = await sharp(png, { limitInputPixels: maxImagePixels, failOn: 'truncated' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  // Grey (1), grey and alpha (2), RGB (3), RGBA (4): the colour channels go to 0, alpha to opaque.
  const alpha = channels === 2 || channels === 4 ? channels - 1 : -1;
  for (const box of boxes) {
    const left = Math.max(0, Math.floor(box.x));
    const top = Math.max(0, Math.floor(box.y));
    const right = Math.min(width, Math.ceil(box.x + box.width));
    const bottom = Math.min(height, Math.ceil(box.y + box.height));
    for (let y = top; y < bottom; y++) {
      const row = y * width;
      for (let x = left; x < right; x++) {
        const at = (row + x) * channels;
        data.fill(0, at, at + channels);
        if (alpha >= 0) data[at + alpha] = 255;
      }
    }
  }
  const filled = await sharp(data, { raw: { width, height, channels }, limitInputPixels: maxImagePixels })
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
  return new Uint8Array(filled);
}
