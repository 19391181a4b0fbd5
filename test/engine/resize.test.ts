import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { resizeForUpload } from '../../engine/resize.js';
import { testPng } from '../support/images.js';

test('a PNG that fits is returned as it is, byte for byte', async () => {
  const png = await testPng(200, 100);
  const prepared = await resizeForUpload(png, 512, false);
  assert.deepEqual([prepared.mime, prepared.width, prepared.height], ['image/png', 200, 100]);
  assert.ok(Buffer.from(prepared.bytes).equals(Buffer.from(png)));
});

test('a larger capture is scaled down to the limit on its longer side, never up', async () => {
  const prepared = await resizeForUpload(await testPng(300, 1200), 600, false);
  assert.deepEqual([prepared.mime, prepared.width, prepared.height], ['image/png', 150, 600]);
  const meta = await sharp(prepared.bytes).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 150, 600]);
});

test('a JPEG capture that fits becomes PNG unless JPEG is allowed', async () => {
  const jpeg = new Uint8Array(
    await sharp(await testPng(64, 48))
      .jpeg()
      .toBuffer(),
  );
  assert.equal((await resizeForUpload(jpeg, 512, false)).mime, 'image/png');
});

test('what is not an image is refused as bad-image', async () => {
  await assert.rejects(
    resizeForUpload(new TextEncoder().encode('hello'), 512, false),
    (error: Error & { code?: string }) => {
      return error.code === 'bad-image';
    },
  );
});
