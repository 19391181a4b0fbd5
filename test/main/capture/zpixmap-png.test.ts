import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { crc32Fallback, zpixmapToPng } from '../../../main/capture/zpixmap-png.js';
import type { ZPixmapFormat, ZPixmapImage } from '../../../main/capture/zpixmap.js';
import type { Rect } from '../../../common/geometry.js';
import { differingPixels } from '../../support/images.js';

// The frames main hands to the overlay and the engine: X pixel layouts in,
// an RGB PNG of exactly the same colours out, decoded here by libvips (sharp)
// and checked by zlib, whatever the band count and compression level.

/** A colour that tells where its pixel is. */
const colour = (x: number, y: number): [number, number, number] => [(x * 7) & 255, (y * 5) & 255, (x ^ y) & 255];

type Pack = (rgb: [number, number, number]) => number;

function image(width: number, height: number, format: ZPixmapFormat, pack: Pack, byteOffset = 0): ZPixmapImage {
  const bytes = format.bitsPerPixel / 8;
  const backing = Buffer.alloc(byteOffset + format.bytesPerLine * height);
  const data = backing.subarray(byteOffset);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = pack(colour(x, y));
      const at = y * format.bytesPerLine + x * bytes;
      for (let k = 0; k < bytes; k++) {
        const shift = 8 * (format.byteOrder === 'lsb' ? k : bytes - 1 - k);
        data[at + k] = Math.floor(value / 2 ** shift) & 255;
      }
    }
  }
  return { data, width, height, format };
}

/** `png` is an RGB image (no alpha) of exactly `expected`'s pixels in `rect`. */
async function assertRegion(png: Uint8Array, rect: Rect, expected: (x: number, y: number) => number[]) {
  assert.equal((await sharp(png).metadata()).channels, 3);
  assert.deepEqual(await differingPixels(png, rect, expected), []);
}

const bgrx = (width: number): ZPixmapFormat => ({
  bitsPerPixel: 32,
  bytesPerLine: width * 4,
  redMask: 0xff0000,
  greenMask: 0xff00,
  blueMask: 0xff,
  byteOrder: 'lsb',
});
const packBgrx: Pack = ([r, g, b]) => r * 65536 + g * 256 + b;

test('a 32-bit BGRX region becomes an exact RGB PNG, at every level and across bands', async () => {
  // 1203 px wide (not a multiple of 4), 900 rows: two bands of rows and a remainder.
  const source = image(1203, 900, bgrx(1203), packBgrx);
  const rect = { x: 1, y: 3, width: 1201, height: 890 };
  for (const level of [0, 1, 6, 9]) {
    const png = await zpixmapToPng(source, rect, { level });
    await assertRegion(png, rect, colour);
    // zlib checks the Adler-32 that the bands' checksums were combined into.
    const idat: Buffer[] = [];
    const buffer = Buffer.from(png);
    for (let at = 8; at < buffer.length;) {
      const length = buffer.readUInt32BE(at);
      if (buffer.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(buffer.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    assert.ok(idat.length >= 2, `level ${level}: ${idat.length} IDAT chunk(s)`);
    assert.equal(zlib.inflateSync(Buffer.concat(idat)).length, rect.height * (1 + rect.width * 3));
  }
});

test('pixels that do not start on a 4-byte boundary read the same', async () => {
  const source = image(37, 20, bgrx(37), packBgrx, 3);
  const rect = { x: 5, y: 2, width: 30, height: 17 };
  await assertRegion(await zpixmapToPng(source, rect), rect, colour);
});

test('pixels read a band at a time from outside memory (a shared-memory segment) convert the same', async () => {
  const width = 1203;
  const height = 900;
  const inMemory = image(width, height, bgrx(width), packBgrx);
  const segment = Buffer.from(inMemory.data as Uint8Array);
  const reads: number[] = [];
  const outside: ZPixmapImage = {
    width,
    height,
    format: inMemory.format,
    readRows(first, count, byteX, byteWidth, into) {
      reads.push(count);
      for (let row = 0; row < count; row++) {
        const from = (first + row) * inMemory.format.bytesPerLine + byteX;
        segment.copy(into, row * byteWidth, from, from + byteWidth);
      }
    },
  };
  // A region off the left edge and the top: each row is read from its middle.
  const rect = { x: 101, y: 7, width: 1000, height: 880 };
  await assertRegion(await zpixmapToPng(outside, rect), rect, colour);
  assert.ok(reads.length >= 2, `${reads.length} read(s): the rows come a band at a time`);
  assert.equal(
    reads.reduce((sum, count) => sum + count, 0),
    rect.height,
  );
});

test('16-bit 5-6-5, 32-bit most-significant-byte-first and 10-bit-per-channel layouts convert', async () => {
  const width = 50;
  const height = 12;
  const rect = { x: 0, y: 0, width, height };
  const scale = (value: number, bits: number) => Math.round((value >> (8 - bits)) * (255 / (2 ** bits - 1)));

  const rgb565: ZPixmapFormat = {
    bitsPerPixel: 16,
    bytesPerLine: width * 2,
    redMask: 0xf800,
    greenMask: 0x07e0,
    blueMask: 0x001f,
    byteOrder: 'lsb',
  };
  const pack565: Pack = ([r, g, b]) => ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
  await assertRegion(await zpixmapToPng(image(width, height, rgb565, pack565), rect), rect, (x, y) => {
    const [r, g, b] = colour(x, y);
    return [scale(r, 5), scale(g, 6), scale(b, 5)];
  });

  const msb: ZPixmapFormat = { ...bgrx(width), byteOrder: 'msb' };
  await assertRegion(await zpixmapToPng(image(width, height, msb, packBgrx), rect), rect, colour);

  const deep: ZPixmapFormat = { ...bgrx(width), redMask: 0x3ff00000, greenMask: 0xffc00, blueMask: 0x3ff };
  // 8 bits widened to 10 the way servers do it, by repeating the top bits.
  const ten = (value: number) => (value << 2) | (value >> 6);
  const pack30: Pack = ([r, g, b]) => ten(r) * 2 ** 20 + ten(g) * 2 ** 10 + ten(b);
  await assertRegion(await zpixmapToPng(image(width, height, deep, pack30), rect), rect, colour);
});

test('a region outside the image, or a palette screen, is refused with the reason', async () => {
  const source = image(10, 10, bgrx(10), packBgrx);
  await assert.rejects(zpixmapToPng(source, { x: 5, y: 0, width: 6, height: 10 }), /not inside the 10x10 image/);
  const palette: ZPixmapImage = {
    data: Buffer.alloc(100),
    width: 10,
    height: 10,
    format: { bitsPerPixel: 8, bytesPerLine: 10, redMask: 0, greenMask: 0, blueMask: 0, byteOrder: 'lsb' },
  };
  await assert.rejects(zpixmapToPng(palette, { x: 0, y: 0, width: 10, height: 10 }), /Unsupported X pixel format/);
});

test('the CRC-32 used where Node has no zlib.crc32 agrees with zlib', () => {
  const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 255));
  assert.equal(crc32Fallback(data), zlib.crc32(data));
  assert.equal(crc32Fallback(data.subarray(100), crc32Fallback(data.subarray(0, 100))), zlib.crc32(data));
});
