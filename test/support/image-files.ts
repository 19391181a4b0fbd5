// Image files as a user has them, for the tests of opening one as a capture:
// the four formats Sightline opens (made with sharp from testPng's pixels), an
// animated GIF whose frames differ, and files it refuses (a BMP, an SVG, text
// named .png).
import sharp from 'sharp';
import { testPng } from './images.js';

export type OpenedFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** A screenshot-like image of this size in `format`. */
export async function imageFile(format: OpenedFormat, width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const png = await testPng(width, height);
  if (format === 'png') return png;
  const image = sharp(png);
  const encoded =
    format === 'jpeg'
      ? await image.jpeg({ quality: 90 }).toBuffer()
      : format === 'webp'
        ? await image.webp({ quality: 90 }).toBuffer()
        : await image.gif().toBuffer();
  return new Uint8Array(encoded);
}

/** The colour of each frame of animatedGif, in order: red, green, blue. */
export const gifFrameColours = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
] as const;

/** An animated GIF of three frames of one colour each (gifFrameColours), each width x height. */
export async function animatedGif(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const frames = gifFrameColours.length;
  const raw = Buffer.alloc(width * height * frames * 3);
  for (let i = 0; i < width * height * frames; i++) raw.set(gifFrameColours[Math.floor(i / (width * height))]!, i * 3);
  const gif = await sharp(raw, { raw: { width, height: height * frames, channels: 3, pageHeight: height } })
    .gif({ loop: 0, delay: [200, 200, 200] })
    .toBuffer();
  return new Uint8Array(gif);
}

/** A 24-bit BMP of one grey (a format Sightline does not open). */
export function bmpFile(width: number, height: number): Uint8Array<ArrayBuffer> {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixelBytes = rowBytes * height;
  const bytes = new Uint8Array(54 + pixelBytes).fill(0x80);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]); // "BM"
  view.setUint32(2, bytes.length, true);
  view.setUint32(6, 0, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true); // BITMAPINFOHEADER
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(30, 0, true);
  view.setUint32(34, pixelBytes, true);
  view.setUint32(38, 2835, true);
  view.setUint32(42, 2835, true);
  view.setUint32(46, 0, true);
  view.setUint32(50, 0, true);
  return bytes;
}

/** An SVG drawing (which a decoder would render: Sightline does not open it). */
export function svgFile(): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="red"/></svg>',
  ) as Uint8Array<ArrayBuffer>;
}

/** Text, as in a text file renamed shot.png. */
export function textFile(): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode('These are my notes, not a picture.\n') as Uint8Array<ArrayBuffer>;
}

/** The RGB of the image's top-left pixel, after decoding it (transparency laid on nothing). */
export async function topLeftPixel(image: Uint8Array): Promise<number[]> {
  const { data } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [data[0]!, data[1]!, data[2]!];
}
