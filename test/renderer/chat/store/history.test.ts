import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepHistoryPatch } from '../../../../renderer/chat/store/history.js';

test('keeping none is historyDays 0; keeping again keeps a limit in days there was, or keeps them all', () => {
  assert.deepEqual(keepHistoryPatch(false, undefined), { historyDays: 0 });
  assert.deepEqual(keepHistoryPatch(false, 30), { historyDays: 0 });
  assert.deepEqual(keepHistoryPatch(true, 0), { historyDays: null });
  assert.deepEqual(keepHistoryPatch(true, 30), {});
  assert.deepEqual(keepHistoryPatch(true, undefined), {});
});
