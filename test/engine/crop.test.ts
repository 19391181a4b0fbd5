import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { cropToPng } from '../../engine/crop.js';
import { testPng } from '../support/images.js';

async function rgba(png: Uint8Array) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

test('a crop holds exactly the pixels of the region, losslessly', async () => {
  const capture = await testPng(640, 400, 3);
  const whole = await rgba(capture);
  const rect = { x: 123, y: 45, width: 301, height: 77 };
  const cropped = await rgba(await cropToPng(capture, rect));
  assert.equal(cropped.width, rect.width);
  assert.equal(cropped.height, rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * whole.width + rect.x) * 4;
    const row = whole.data.subarray(from, from + rect.width * 4);
    assert.ok(row.equals(cropped.data.subarray(y * rect.width * 4, (y + 1) * rect.width * 4)), `row ${y}`);
  }
});

test('a region outside the capture is refused with the sizes', async () => {
  const capture = await testPng(100, 50);
  await assert.rejects(
    cropToPng(capture, { x: 90, y: 0, width: 20, height: 10 }),
    /20x10 at \(90, 0\) is not inside the 100x50 capture/,
  );
  await assert.rejects(cropToPng(capture, { x: 0.5, y: 0, width: 20, height: 10 }), /not inside/);
});
