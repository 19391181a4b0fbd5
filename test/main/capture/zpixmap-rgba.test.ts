import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rgbaImage, zpixmapToRgba } from '../../../main/capture/zpixmap-rgba.js';
import { zpixmapToPng } from '../../../main/capture/zpixmap-png.js';
import type { ZPixmapFormat, ZPixmapImage } from '../../../main/capture/zpixmap.js';
import type { Rect } from '../../../common/geometry.js';
import { differingPixels } from '../../support/images.js';

// The X11 capture's frames as the overlay draws them: an X pixel layout in,
// opaque RGBA of exactly the same colours out, from memory or read out of a
// shared-memory segment; and a region of such a frame as the PNG main stores.

/** A colour that tells where its pixel is. */
const colour = (x: number, y: number): [number, number, number] => [(x * 7) & 255, (y * 5) & 255, (x ^ y) & 255];

function image(width: number, height: number, format: ZPixmapFormat, pack: (rgb: number[]) => number): ZPixmapImage {
  const bytes = format.bitsPerPixel / 8;
  const data = Buffer.alloc(format.bytesPerLine * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = pack(colour(x, y));
      for (let k = 0; k < bytes; k++) data[y * format.bytesPerLine + x * bytes + k] = (value >>> (8 * k)) & 255;
    }
  }
  return { data, width, height, format };
}

/** The same image, its rows only readable through a reader, as from a shared-memory segment. */
function inSegment(source: ZPixmapImage): ZPixmapImage {
  const data = source.data as Buffer;
  return {
    width: source.width,
    height: source.height,
    format: source.format,
    readRows: (first, count, byteX, byteWidth, into) => {
      for (let row = 0; row < count; row++) {
        const from = (first + row) * source.format.bytesPerLine + byteX;
        data.copy(into, row * byteWidth, from, from + byteWidth);
      }
    },
  };
}

function mismatches(rgba: Uint8Array, rect: Rect): string[] {
  const found: string[] = [];
  for (let y = 0; y < rect.height && found.length < 5; y++) {
    for (let x = 0; x < rect.width && found.length < 5; x++) {
      const i = (y * rect.width + x) * 4;
      const actual = [...rgba.subarray(i, i + 4)].join();
      const want = [...colour(rect.x + x, rect.y + y), 255].join();
      if (actual !== want) found.push(`(${x},${y}) ${actual} != ${want}`);
    }
  }
  return found;
}

const bgrx: ZPixmapFormat = {
  bitsPerPixel: 32,
  bytesPerLine: 203 * 4 + 8,
  redMask: 0xff0000,
  greenMask: 0xff00,
  blueMask: 0xff,
  byteOrder: 'lsb',
};
const rgb565: ZPixmapFormat = {
  bitsPerPixel: 16,
  bytesPerLine: 204 * 2,
  redMask: 0xf800,
  greenMask: 0x07e0,
  blueMask: 0x001f,
  byteOrder: 'lsb',
};

test('a BGRX display becomes opaque RGBA of exactly its colours, from memory and from a segment', () => {
  const source = image(203, 61, bgrx, ([r = 0, g = 0, b = 0]) => r * 65536 + g * 256 + b);
  const rect = { x: 3, y: 2, width: 197, height: 57 };
  assert.deepEqual(mismatches(zpixmapToRgba(source, rect), rect), []);
  assert.deepEqual(mismatches(zpixmapToRgba(inSegment(source), rect), rect), []);
  assert.equal(zpixmapToRgba(source, rect).byteLength, 197 * 57 * 4);
});

test('a 16-bit 5-6-5 display is widened to the colours it can show', () => {
  const source = image(204, 20, rgb565, ([r = 0, g = 0, b = 0]) => ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3));
  const rgba = zpixmapToRgba(source, { x: 0, y: 0, width: 204, height: 20 });
  // Pixel (9, 4): colour (63, 20, 13) stored as 5-6-5, scaled back to 8 bits.
  const i = (4 * 204 + 9) * 4;
  assert.deepEqual(
    [...rgba.subarray(i, i + 4)],
    [Math.round((7 * 255) / 31), Math.round((5 * 255) / 63), Math.round((1 * 255) / 31), 255],
  );
});

test('a region outside the display is refused with the reason', () => {
  const source = image(203, 61, bgrx, () => 0);
  assert.throws(() => zpixmapToRgba(source, { x: 190, y: 0, width: 20, height: 10 }), /not inside the 203x61 image/);
});

test('a region of an RGBA frame becomes the RGB PNG of exactly its pixels', async () => {
  const source = image(203, 61, bgrx, ([r = 0, g = 0, b = 0]) => r * 65536 + g * 256 + b);
  const frame = zpixmapToRgba(source, { x: 0, y: 0, width: 203, height: 61 });
  const rect = { x: 10, y: 7, width: 150, height: 40 };
  const png = await zpixmapToPng(rgbaImage(frame, 203, 61), rect, { level: 4 });
  assert.deepEqual(await differingPixels(png, rect, colour), []);
  assert.throws(() => rgbaImage(frame.subarray(4), 203, 61), /holds 49532 bytes, not 49528/);
});
