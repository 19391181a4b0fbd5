import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pngSize } from '../../common/png-size.js';
import { testPng } from '../support/images.js';

test('the size comes from the PNG header; anything else is not a PNG', async () => {
  assert.deepEqual(pngSize(await testPng(321, 123)), { width: 321, height: 123 });
  assert.equal(pngSize(new TextEncoder().encode('GIF89a not a png at all, really')), undefined);
  assert.equal(pngSize(new Uint8Array(8)), undefined);
});
