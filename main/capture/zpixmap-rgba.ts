// A display's frame as raw RGBA, straight from an X GetImage (a ZPixmap):
// what the overlay draws and the region is cut from. Nothing is encoded: for
// the 32-bit BGRX of nearly every X server the rows are copied out of the
// shared-memory segment and each pixel's bytes swapped in place (at
// 3840x2160 about 15 ms, where encoding the frame as a PNG took 100 to 190).
import type { Rect } from '../../common/geometry.js';
import { isBgrx, scanlines, type ZPixmapFormat, type ZPixmapImage } from './zpixmap.js';

/** RGBA as a ZPixmap layout (R, G, B, A bytes, a 32-bit little-endian word each), so PNG encoding can read it. */
export function rgbaImage(bytes: Uint8Array, width: number, height: number): ZPixmapImage {
  if (bytes.byteLength !== width * height * 4) {
    throw new Error(`A ${width}x${height} RGBA frame holds ${width * height * 4} bytes, not ${bytes.byteLength}.`);
  }
  const format: ZPixmapFormat = {
    bitsPerPixel: 32,
    bytesPerLine: width * 4,
    redMask: 0xff,
    greenMask: 0xff00,
    blueMask: 0xff0000,
    byteOrder: 'lsb',
  };
  return { width, height, format, data: bytes };
}

/** The `rect` of `image` (its own pixel coordinates) as RGBA, opaque, in a buffer of its own. */
export function zpixmapToRgba(image: ZPixmapImage, rect: Rect): Uint8Array<ArrayBuffer> {
  const { format, data, readRows } = image;
  const inside =
    rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= image.width && rect.y + rect.height <= image.height;
  if (!inside || rect.width < 1 || rect.height < 1) {
    throw new Error(
      `The region ${rect.width}x${rect.height} at (${rect.x}, ${rect.y}) is not inside the ${image.width}x${image.height} image.`,
    );
  }
  const out = new Uint8Array(rect.width * rect.height * 4);
  if (isBgrx(format)) {
    const byteWidth = rect.width * 4;
    const rows = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    if (readRows) readRows(rect.y, rect.height, rect.x * 4, byteWidth, rows);
    else if (data) {
      for (let y = 0; y < rect.height; y++) {
        const from = (rect.y + y) * format.bytesPerLine + rect.x * 4;
        out.set(data.subarray(from, from + byteWidth), y * byteWidth);
      }
    } else throw new Error('The X image has no pixels.');
    // 0xXXRRGGBB words (B, G, R, X in memory) into R, G, B, 255.
    const words = new Uint32Array(out.buffer);
    for (let i = 0; i < words.length; i++) {
      const p = words[i] as number;
      words[i] = 0xff000000 | ((p & 0xff) << 16) | (p & 0xff00) | ((p >>> 16) & 0xff);
    }
    return out;
  }
  // Any other true-colour layout: its RGB scanlines (the PNG encoder's conversion), widened to RGBA.
  const source = data ?? readAll(image, rect);
  const offset = data ? rect.y * format.bytesPerLine + rect.x * (format.bitsPerPixel >>> 3) : 0;
  const stride = data ? format.bytesPerLine : rect.width * (format.bitsPerPixel >>> 3);
  const rgb = scanlines({ data: source, offset, stride, width: rect.width, rows: rect.height }, format);
  const rowIn = 1 + rect.width * 3;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const i = y * rowIn + 1 + x * 3;
      const o = (y * rect.width + x) * 4;
      out[o] = rgb[i] as number;
      out[o + 1] = rgb[i + 1] as number;
      out[o + 2] = rgb[i + 2] as number;
      out[o + 3] = 255;
    }
  }
  return out;
}

/** The rect's rows read out of a segment, packed. */
function readAll(image: ZPixmapImage, rect: Rect): Buffer {
  const pixelBytes = image.format.bitsPerPixel >>> 3;
  const byteWidth = rect.width * pixelBytes;
  const into = Buffer.alloc(byteWidth * rect.height);
  if (!image.readRows) throw new Error('The X image has no pixels.');
  image.readRows(rect.y, rect.height, rect.x * pixelBytes, byteWidth, into);
  return into;
}
