// Encodes a region of an X11 ZPixmap (the raw pixels of an X GetImage) as
// an 8-bit RGB PNG, in the main process and without sharp (which must not run
// there): a plain loop turns each row into RGB, and node:zlib compresses the
// rows in bands on libuv's thread pool, in parallel, while the loop converts
// the next band. PNG is what the overlay page and the engine's crop read; at
// compression level 1 a 4K frame takes 60 to 120 ms on a busy 2-core machine
// and comes out small enough for Chromium to decode fast, where ImageMagick's
// maximal compression took seconds (see bench/README.md).
// (Over 300 lines: the pixel conversion, the banded deflate with its checksum
// combination and the PNG chunks are one pipeline sharing its buffers.)
import zlib from 'node:zlib';
import type { Rect } from '../../common/geometry.js';

/** How an X server lays out the pixels of a ZPixmap image. */
export interface ZPixmapFormat {
  bitsPerPixel: 8 | 16 | 24 | 32;
  /** Bytes from one row to the next (rows are padded to the server's scanline pad). */
  bytesPerLine: number;
  redMask: number;
  greenMask: number;
  blueMask: number;
  /** The server's image byte order: 'lsb' (LSBFirst, x86 and ARM servers) or 'msb'. */
  byteOrder: 'lsb' | 'msb';
}

export interface ZPixmapImage {
  width: number;
  height: number;
  format: ZPixmapFormat;
  /** The pixels, `format.bytesPerLine` bytes a row, in memory; or */
  data?: Uint8Array;
  /**
   * where they lie elsewhere (a shared-memory segment), a reader: `count`
   * rows from row `first`, `byteWidth` bytes of each from byte `byteX`,
   * packed one after the other into `into`.
   */
  readRows?: (first: number, count: number, byteX: number, byteWidth: number, into: Buffer) => void;
}

export interface PngOptions {
  /** zlib level: 0 stores the rows, 1 (the default) compresses fast. */
  level?: number;
}

/** Target bytes of uncompressed rows per band: several bands per screen keep the thread pool busy. */
const bandBytes = 1 << 21;

interface Channel {
  shift: number;
  max: number;
}

function channel(mask: number): Channel {
  if (mask === 0) throw new Error('The X visual has an empty colour mask.');
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { shift, max: mask >>> shift };
}

function describeFormat(format: ZPixmapFormat): string {
  const hex = (mask: number) => `0x${mask.toString(16)}`;
  return `${format.bitsPerPixel} bits per pixel, masks ${hex(format.redMask)}/${hex(format.greenMask)}/${hex(format.blueMask)}, ${format.byteOrder}`;
}

/** Whether the rows are 32-bit BGRX bytes, the layout of nearly every X server today (the fast path). */
function isBgrx(format: ZPixmapFormat): boolean {
  return (
    format.bitsPerPixel === 32 &&
    format.byteOrder === 'lsb' &&
    format.redMask === 0xff0000 &&
    format.greenMask === 0xff00 &&
    format.blueMask === 0xff
  );
}

/** Where a band's pixels are: `rows` rows of `width` pixels from byte `offset` of `data`, `stride` bytes apart. */
interface Source {
  data: Uint8Array;
  offset: number;
  stride: number;
  width: number;
  rows: number;
}

/** Writes a band's rows as PNG scanlines: filter byte 0, then RGB. */
function scanlines(source: Source, format: ZPixmapFormat): Buffer {
  const { data, stride, width } = source;
  const rowOut = 1 + width * 3;
  const out = Buffer.allocUnsafe(source.rows * rowOut);
  let o = 0;
  if (isBgrx(format) && (data.byteOffset + source.offset) % 4 === 0 && stride % 4 === 0) {
    // Four pixels (0x00RRGGBB words) at a time into three words of RGB bytes.
    const words = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >>> 2);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const groups = width >>> 2;
    for (let y = 0; y < source.rows; y++) {
      let i = (source.offset + y * stride) / 4;
      out[o++] = 0;
      for (let g = 0; g < groups; g++, i += 4, o += 12) {
        const p0 = words[i] as number;
        const p1 = words[i + 1] as number;
        const p2 = words[i + 2] as number;
        const p3 = words[i + 3] as number;
        view.setUint32(o, ((p0 >>> 16) & 0xff) | (p0 & 0xff00) | ((p0 & 0xff) << 16) | ((p1 & 0xff0000) << 8), true);
        view.setUint32(o + 4, ((p1 >>> 8) & 0xff) | ((p1 & 0xff) << 8) | (p2 & 0xff0000) | ((p2 & 0xff00) << 16), true);
        view.setUint32(o + 8, (p2 & 0xff) | ((p3 >>> 8) & 0xff00) | ((p3 & 0xff00) << 8) | ((p3 & 0xff) << 24), true);
      }
      // The last width % 4 pixels, a byte at a time.
      for (let x = groups * 4; x < width; x++, i++, o += 3) {
        const pixel = words[i] as number;
        out[o] = pixel >>> 16;
        out[o + 1] = pixel >>> 8;
        out[o + 2] = pixel;
      }
    }
  } else if (isBgrx(format)) {
    for (let y = 0; y < source.rows; y++) {
      out[o++] = 0;
      let i = source.offset + y * stride;
      const end = i + width * 4;
      for (; i < end; i += 4) {
        out[o] = data[i + 2] as number;
        out[o + 1] = data[i + 1] as number;
        out[o + 2] = data[i] as number;
        o += 3;
      }
    }
  } else {
    const bytes = format.bitsPerPixel >>> 3;
    const channels = [channel(format.redMask), channel(format.greenMask), channel(format.blueMask)];
    const msb = format.byteOrder === 'msb';
    for (let y = 0; y < source.rows; y++) {
      out[o++] = 0;
      const row = source.offset + y * stride;
      for (let x = 0; x < width; x++) {
        const p = row + x * bytes;
        let value = 0;
        for (let k = 0; k < bytes; k++) {
          const byte = data[p + k] as number;
          value = msb ? value * 256 + byte : value + byte * 2 ** (8 * k);
        }
        for (const { shift, max } of channels) out[o++] = Math.round((((value >>> shift) & max) * 255) / max);
      }
    }
  }
  return out;
}

const syncMarker = Buffer.from([0x00, 0x00, 0xff, 0xff]);

interface Band {
  /** The zlib stream's 2-byte header. */
  header: Buffer;
  /** Deflate blocks of the band, ending on a sync flush: bands concatenate. */
  body: Buffer;
  adler: number;
  length: number;
}

/**
 * Deflates one band into a zlib stream ended by a sync flush and then an
 * empty final block, so that zlib itself computes the band's Adler-32 (the
 * stream's last 4 bytes) and the blocks before the empty one can be chained
 * with the next band's.
 */
function deflateBand(rows: Buffer, level: number, finalBlock: Buffer): Promise<Band> {
  return new Promise((resolve, reject) => {
    // Room for the whole band's output in one piece: with zlib's default 16 KiB
    // the band would come back in many small steps, each a hop to this thread.
    const stream = zlib.createDeflate({ level, chunkSize: rows.length + (rows.length >>> 3) + 1024 });
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      const all = Buffer.concat(chunks);
      const end = all.length - 4 - finalBlock.length;
      const shaped =
        end >= 6 &&
        all.subarray(end - 4, end).equals(syncMarker) &&
        all.subarray(end, all.length - 4).equals(finalBlock);
      if (!shaped) return reject(new Error('zlib ended a band in an unexpected way.'));
      resolve({
        header: all.subarray(0, 2),
        body: all.subarray(2, end),
        adler: all.readUInt32BE(all.length - 4),
        length: rows.length,
      });
    });
    stream.write(rows);
    // Only once the flush is through may the stream end: ending it sooner
    // merges the flush into the final block.
    stream.flush(zlib.constants.Z_SYNC_FLUSH, () => stream.end());
  });
}

/** Adler-32 of A followed by B, from theirs (zlib's adler32_combine). */
function adlerCombine(first: number, second: number, secondLength: number): number {
  const base = 65521;
  const rem = secondLength % base;
  let sum1 = first & 0xffff;
  let sum2 = (rem * sum1) % base;
  sum1 += (second & 0xffff) + base - 1;
  sum2 += (first >>> 16) + (second >>> 16) + base - rem;
  if (sum1 >= base) sum1 -= base;
  if (sum1 >= base) sum1 -= base;
  if (sum2 >= base * 2) sum2 -= base * 2;
  if (sum2 >= base) sum2 -= base;
  return ((sum2 << 16) | sum1) >>> 0;
}

/** The final block zlib writes at this level when the stream ends with nothing pending. */
const finalBlocks = new Map<number, Buffer>();
function finalBlockAt(level: number): Buffer {
  let block = finalBlocks.get(level);
  if (!block) {
    const empty = zlib.deflateSync(Buffer.alloc(0), { level });
    block = empty.subarray(2, empty.length - 4);
    finalBlocks.set(level, block);
  }
  return block;
}

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
