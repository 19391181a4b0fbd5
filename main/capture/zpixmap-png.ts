// Encodes a region of an X11 ZPixmap (the raw pixels of an X GetImage, or an
// RGBA frame made from them) as an 8-bit RGB PNG, in the main process and
// without sharp (which must not run there): a plain loop turns each row into
// RGB, and node:zlib compresses the rows in bands on libuv's thread pool, in
// parallel, while the loop converts the next band. It writes the region the
// user selected (crop-region.ts); whole frames go to the overlay raw, since
// even at compression level 1 a 4K frame took 100 to 190 ms here (the X11
// adapter's pngLevel keeps that path for the benchmark; bench/README.md).
// The rows' conversion is zpixmap.ts's, the banded deflate deflate-bands.ts's;
// here they are run band by band and wrapped in PNG's chunks.
import zlib from 'node:zlib';
import type { Rect } from '../../common/geometry.js';
import { deflateBand, finalBlockAt, adlerCombine, type Band } from './deflate-bands.js';
import { describeFormat, scanlines, type Source, type ZPixmapImage } from './zpixmap.js';

export interface PngOptions {
  /** zlib level: 0 stores the rows, 1 (the default) compresses fast. */
  level?: number;
}

/** Target bytes of uncompressed rows per band: several bands per screen keep the thread pool busy. */
const bandBytes = 1 << 21;

const crc32: (data: Uint8Array, value?: number) => number =
  typeof zlib.crc32 === 'function' ? zlib.crc32 : crc32Fallback;

let crcTable: Int32Array | undefined;
/** Node before 20.15 has no zlib.crc32 (Electron's Node has). */
export function crc32Fallback(data: Uint8Array, value = 0): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = ~value;
  for (let i = 0; i < data.length; i++) crc = (crcTable[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer[] {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(body, crc32(head.subarray(4))) >>> 0, 0);
  return [head, Buffer.from(body.buffer, body.byteOffset, body.byteLength), tail];
}

/** The `rect` of `image` (in the image's own pixel coordinates) as an RGB PNG. */
export async function zpixmapToPng(
  image: ZPixmapImage,
  rect: Rect,
  options: PngOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const { format } = image;
  const level = options.level ?? 1;
  const supported =
    (format.bitsPerPixel === 16 || format.bitsPerPixel === 24 || format.bitsPerPixel === 32) &&
    format.redMask !== 0 &&
    format.greenMask !== 0 &&
    format.blueMask !== 0;
  if (!supported) throw new Error(`Unsupported X pixel format (${describeFormat(format)}).`);
  const inside =
    Number.isInteger(rect.x) &&
    Number.isInteger(rect.y) &&
    rect.x >= 0 &&
    rect.y >= 0 &&
    rect.width >= 1 &&
    rect.height >= 1 &&
    rect.x + rect.width <= image.width &&
    rect.y + rect.height <= image.height;
  if (!inside) {
    throw new Error(
      `The region ${rect.width}x${rect.height} at (${rect.x}, ${rect.y}) is not inside the ${image.width}x${image.height} image.`,
    );
  }
  const { data, readRows } = image;
  if (data && data.length < image.height * format.bytesPerLine) {
    throw new Error(`The X image holds ${data.length} bytes, fewer than its ${image.height} rows need.`);
  }
  if (!data && !readRows) throw new Error('The X image has no pixels.');
  const pixelBytes = format.bitsPerPixel >>> 3;

  const rowBytes = 1 + rect.width * 3;
  const bandRows = Math.max(1, Math.floor(bandBytes / rowBytes));
  const finalBlock = finalBlockAt(level);
  const pending: Promise<Band>[] = [];
  let band: Buffer | undefined;
  for (let y0 = 0; y0 < rect.height; y0 += bandRows) {
    const y1 = Math.min(rect.height, y0 + bandRows);
    // Each band is compressed on the thread pool while the next is converted.
    const rows = y1 - y0;
    let source: Source;
    if (data) {
      const offset = (rect.y + y0) * format.bytesPerLine + rect.x * pixelBytes;
      source = { data, offset, stride: format.bytesPerLine, width: rect.width, rows };
    } else {
      // Only this band's pixels come into memory, into a buffer of its own
      // (the deflate of the previous band may still be reading its scanlines, never this).
      const byteWidth = rect.width * pixelBytes;
      band ??= Buffer.allocUnsafeSlow(bandRows * byteWidth);
      readRows?.(rect.y + y0, rows, rect.x * pixelBytes, byteWidth, band);
      source = { data: band, offset: 0, stride: byteWidth, width: rect.width, rows };
    }
    pending.push(deflateBand(scanlines(source, format), level, finalBlock));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const bands = await Promise.all(pending);

  const header = Buffer.alloc(13);
  header.writeUInt32BE(rect.width, 0);
  header.writeUInt32BE(rect.height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  let adler = 1;
  for (const band of bands) adler = adlerCombine(adler, band.adler, band.length);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler, 0);
  // One IDAT per band: the zlib header, the bands' blocks, a final empty block, the Adler-32.
  const idat = bands.map((band, i) =>
    chunk(
      'IDAT',
      Buffer.concat([
        ...(i === 0 ? [band.header] : []),
        band.body,
        ...(i === bands.length - 1 ? [finalBlock, trailer] : []),
      ]),
    ),
  );
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ...chunk('IHDR', header),
    ...idat.flat(),
    ...chunk('IEND', new Uint8Array(0)),
  ];
  // A fresh buffer of its own: the frame crosses to the overlay and the engine
  // by structured clone, which would carry a whole shared pool with it.
  const png = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}
