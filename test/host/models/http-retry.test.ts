import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelay, TransientError, withRetries, defaultRetryPolicy } from '../../../host/models/http-retry.js';

// A dropped or failing connection is retried with backoff, and gives up saying why.
test('retries back off exponentially, and progress starts the count again', async () => {
  const policy = { ...defaultRetryPolicy, attempts: 3, baseDelayMs: 1, maxDelayMs: 4 };
  assert.ok(retryDelay(1, { ...defaultRetryPolicy }, () => 0.5) === 1_000);
  assert.ok(retryDelay(10, { ...defaultRetryPolicy }, () => 0.5) === 30_000);
  let calls = 0;
  // Five drops, each after some progress: never three in a row without progress.
  const result = await withRetries(
    async () => {
      calls++;
      if (calls <= 5) throw new TransientError('drop', 'cut', true);
      return 'done';
    },
    { policy, host: 'h', what: 'w' },
  );
  assert.equal(result, 'done');
  calls = 0;
  await assert.rejects(
    withRetries(
      async () => {
        calls++;
        throw new TransientError('drop', 'cut', false);
      },
      { policy, host: 'hub.example', what: 'onnx/a.onnx' },
    ),
    /connection to hub\.example broke 3 times while fetching onnx\/a\.onnx/,
  );
  assert.equal(calls, 3);
});
