import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ImagePayloads } from '../../../host/model-servers/image-payload.js';
import { testPng } from '../../support/images.js';
import { countingPrepare } from './helpers.js';

const decode = (base64: string) => sharp(Buffer.from(base64, 'base64')).metadata();

test('a PNG within the limit is sent as it is, without any image work', async () => {
  const prepare = countingPrepare();
  const png = await testPng(300, 120);
  const payload = await new ImagePayloads(prepare, 1024, false).get({ kind: 'bytes', bytes: png });
  assert.equal(payload.mime, 'image/png');
  assert.equal(payload.base64, Buffer.from(png).toString('base64'));
  assert.equal(prepare.calls, 0);
});

test('a capture larger than the limit is scaled down to it, aspect kept, as PNG', async () => {
  const prepare = countingPrepare();
  const payload = await new ImagePayloads(prepare, 512, false).get({ kind: 'bytes', bytes: await testPng(2000, 800) });
  const meta = await decode(payload.base64);
  assert.equal(payload.mime, 'image/png');
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 512, 205]);
  assert.equal(prepare.calls, 1);
});

test('with JPEG allowed, the smaller of PNG and JPEG is sent', async () => {
  // A photo-like image (smooth shading with grain) compresses badly as PNG: JPEG wins.
  const pixels = Buffer.alloc(400 * 300 * 3);
  for (let i = 0; i < pixels.length; i++) {
    const x = (i / 3) % 400;
    const y = Math.floor(i / 3 / 400);
    pixels[i] = 128 + 60 * Math.sin(x / 7 + (i % 3)) * Math.cos(y / 11) + (((i * 2654435761) >>> 28) - 8);
  }
  const photo = new Uint8Array(
    await sharp(pixels, { raw: { width: 400, height: 300, channels: 3 } })
      .png()
      .toBuffer(),
  );
  const payload = await new ImagePayloads(countingPrepare(), 1024, true).get({ kind: 'bytes', bytes: photo });
  assert.equal(payload.mime, 'image/jpeg');
  assert.equal((await decode(payload.base64)).format, 'jpeg');
  // A screenshot of flat blocks with sharp edges stays PNG.
  const screenshot = await testPng(400, 300);
  const kept = await new ImagePayloads(countingPrepare(), 1024, true).get({ kind: 'bytes', bytes: screenshot });
  assert.equal(kept.mime, 'image/png');
});

test('follow-ups reuse the prepared capture', async () => {
  const prepare = countingPrepare();
  const payloads = new ImagePayloads(prepare, 256, false);
  const big = await testPng(1000, 500);
  const first = await payloads.get({ kind: 'bytes', bytes: big });
  const again = await payloads.get({ kind: 'bytes', bytes: new Uint8Array(big) });
  assert.equal(again, first);
  assert.equal(prepare.calls, 1);
});

test('a capture file is read; a missing or broken one is a clear bad-image error', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-payload-'));
  const file = path.join(dir, 'shot.png');
  await writeFile(file, await testPng(64, 64));
  const payloads = new ImagePayloads(countingPrepare(), 1024, false);
  assert.equal((await payloads.get({ kind: 'path', path: file })).mime, 'image/png');
  await assert.rejects(
    payloads.get({ kind: 'path', path: path.join(dir, 'gone.png') }),
    (error: Error & { code?: string }) => {
      return error.code === 'bad-image' && /gone\.png no longer exists/.test(error.message);
    },
  );
  await assert.rejects(
    payloads.get({ kind: 'bytes', bytes: new TextEncoder().encode('not an image') }),
    (error: Error & { code?: string }) =>
      error.code === 'bad-image' && /not an image Sightline can read/.test(error.message),
  );
});
