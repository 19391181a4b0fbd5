import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration } from '../../../host/models/format.js';

test('sizes and durations read the way the hub shows them', () => {
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(264_000_000), '264 MB');
  assert.equal(formatBytes(1_870_000_000), '1.9 GB');
  assert.equal(formatDuration(75), '1 min 15 s');
  assert.equal(formatDuration(undefined), '?');
});
