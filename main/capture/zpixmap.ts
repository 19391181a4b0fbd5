// The pixels of an X GetImage (a ZPixmap) in the layout its server chose,
// and their conversion into PNG scanlines of 8-bit RGB: a fast path for the
// 32-bit BGRX of nearly every X server today, one for the RGBA frames made
// from it (zpixmap-rgba.ts), and a general one for any true-colour layout of
// 16, 24 or 32 bits a pixel.

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

export function describeFormat(format: ZPixmapFormat): string {
  const hex = (mask: number) => `0x${mask.toString(16)}`;
  return `${format.bitsPerPixel} bits per pixel, masks ${hex(format.redMask)}/${hex(format.greenMask)}/${hex(format.blueMask)}, ${format.byteOrder}`;
}

/** Whether the rows are 32-bit little-endian words with these red and blue masks (green in the middle byte). */
function is32Bit(format: ZPixmapFormat, redMask: number, blueMask: number): boolean {
  return (
    format.bitsPerPixel === 32 &&
    format.byteOrder === 'lsb' &&
    format.redMask === redMask &&
    format.greenMask === 0xff00 &&
    format.blueMask === blueMask
  );
}

/** Whether the rows are 32-bit BGRX bytes, the layout of nearly every X server today (the fast path). */
export const isBgrx = (format: ZPixmapFormat): boolean => is32Bit(format, 0xff0000, 0xff);

/** Whether the rows are 32-bit RGBX bytes: an RGBA frame read back for a region's PNG. */
const isRgbx = (format: ZPixmapFormat): boolean => is32Bit(format, 0xff, 0xff0000);

/** Where a band's pixels are: `rows` rows of `width` pixels from byte `offset` of `data`, `stride` bytes apart. */
export interface Source {
  data: Uint8Array;
  offset: number;
  stride: number;
  width: number;
  rows: number;
}

/** Writes a band's rows as PNG scanlines: filter byte 0, then RGB. */
export function scanlines(source: Source, format: ZPixmapFormat): Buffer {
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
  } else if (isRgbx(format)) {
    // An RGBA frame (zpixmap-rgba.ts): the first three bytes of each pixel.
    for (let y = 0; y < source.rows; y++) {
      out[o++] = 0;
      let i = source.offset + y * stride;
      const end = i + width * 4;
      for (; i < end; i += 4, o += 3) {
        out[o] = data[i] as number;
        out[o + 1] = data[i + 1] as number;
        out[o + 2] = data[i + 2] as number;
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
