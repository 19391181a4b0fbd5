// Images for the tests: a screenshot-like PNG to capture, crop and ask about
// (in memory or in a file), and the pixel-exact comparison the capture tests check their frames with.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Rect } from '../../common/geometry.js';

/** A screenshot-like PNG: coloured blocks, so different regions give different pixels. */
export async function testPng(width: number, height: number, seed = 0): Promise<Uint8Array<ArrayBuffer>> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = ((x >> 3) * 37 + seed) % 256;
      raw[i + 1] = ((y >> 3) * 53 + seed * 7) % 256;
      raw[i + 2] = (((x >> 4) ^ (y >> 4)) * 29) % 256;
    }
  }
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

/** testPng written as dialog.png in a new temporary folder, for a command that reads an image file: its path. */
export async function testPngFile(width: number, height: number): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'sightline-image-')), 'dialog.png');
  await writeFile(file, await testPng(width, height));
  return file;
}

/**
 * The first few pixels of `png` whose RGB differs from `expected`, for an
 * image that shows `rect` of a larger picture (`expected` takes that
 * picture's coordinates); an image of another size differs by its size alone.
 * Empty when every pixel is right.
 */
export async function differingPixels(
  png: Uint8Array,
  rect: Rect,
  expected: (x: number, y: number) => readonly number[],
): Promise<string[]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== rect.width || info.height !== rect.height) {
    return [`size ${info.width}x${info.height}, expected ${rect.width}x${rect.height}`];
  }
  const found: string[] = [];
  for (let y = 0; y < info.height && found.length < 5; y++) {
    for (let x = 0; x < info.width && found.length < 5; x++) {
      const i = (y * info.width + x) * 3;
      const actual = [data[i], data[i + 1], data[i + 2]].join();
      const want = expected(rect.x + x, rect.y + y).join();
      if (actual !== want) found.push(`(${x},${y}) ${actual} != ${want}`);
    }
  }
  return found;
}
