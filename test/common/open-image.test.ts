import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { imageHeader } from '../../common/image-header.js';
import { checkImageHeader, describeRefusal } from '../../common/open-image.js';
import { animatedGif, bmpFile, imageFile, svgFile, textFile } from '../support/image-files.js';

test('the header of each format Sightline opens says its format and size', async () => {
  for (const format of ['png', 'jpeg', 'webp', 'gif'] as const) {
    const bytes = await imageFile(format, 123, 45);
    assert.deepEqual(imageHeader(bytes), { format, size: { width: 123, height: 45 } }, format);
    assert.deepEqual(checkImageHeader(bytes, true), { ok: true, format, width: 123, height: 45 }, format);
  }
  // Lossless and extended WebP keep their size in other chunks.
  const lossless = new Uint8Array(
    await sharp(await imageFile('png', 77, 33))
      .webp({ lossless: true })
      .toBuffer(),
  );
  assert.deepEqual(imageHeader(lossless)?.size, { width: 77, height: 33 });
  const withAlpha = await sharp({ create: { width: 20, height: 9, channels: 4, background: '#ff000080' } })
    .webp()
    .withMetadata({ orientation: 1 })
    .toBuffer();
  assert.deepEqual(imageHeader(new Uint8Array(withAlpha))?.size, { width: 20, height: 9 });
  // An animated GIF's screen is one frame's size.
  assert.deepEqual(imageHeader(await animatedGif(30, 20))?.size, { width: 30, height: 20 });
});

test('a JPEG whose size comes after its metadata is found there; cut before, it waits for more, or is damaged', async () => {
  const jpeg = new Uint8Array(
    await sharp(await imageFile('png', 64, 48))
      .jpeg()
      .withExif({ IFD0: { ImageDescription: 'x'.repeat(5000) } })
      .toBuffer(),
  );
  assert.deepEqual(imageHeader(jpeg)?.size, { width: 64, height: 48 });
  const cut = jpeg.subarray(0, 1000);
  assert.deepEqual(checkImageHeader(cut, false), { ok: 'more' });
  assert.deepEqual(checkImageHeader(cut, true), { ok: false, refusal: { reason: 'damaged' } });
});

test('anything else is refused as unsupported: BMP, SVG, text named .png, nothing at all', () => {
  for (const [name, bytes] of [
    ['bmp', bmpFile(8, 8)],
    ['svg', svgFile()],
    ['text', textFile()],
    ['empty', new Uint8Array()],
  ] as const) {
    assert.deepEqual(checkImageHeader(bytes, true), { ok: false, refusal: { reason: 'unsupported' } }, name);
  }
  assert.equal(
    describeRefusal({ reason: 'unsupported' }),
    'Sightline opens PNG, JPEG, WebP and GIF images; this file is none of them.',
  );
});

test('a header that declares more pixels than Sightline reads is refused before any decoding', async () => {
  const gif = await imageFile('gif', 8, 8);
  const view = new DataView(gif.buffer, gif.byteOffset, gif.byteLength);
  view.setUint16(6, 65535, true);
  view.setUint16(8, 65535, true);
  assert.deepEqual(checkImageHeader(gif, false), {
    ok: false,
    refusal: { reason: 'too-many-pixels', width: 65535, height: 65535 },
  });
  assert.match(describeRefusal({ reason: 'too-many-pixels', width: 65535, height: 65535 }), /65535x65535 px/);
  const png = await imageFile('png', 8, 8);
  new DataView(png.buffer).setUint32(16, 0);
  assert.deepEqual(checkImageHeader(png, true), { ok: false, refusal: { reason: 'damaged' } });
});
