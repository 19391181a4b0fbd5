import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodedError, toEngineError } from '../../common/coded-error.js';

test('a coded error reaches the chat with its own code and words', () => {
  const error = new CodedError('bad-image', 'The capture is empty (0 bytes).');
  assert.deepEqual(toEngineError(error, 'The engine failed'), {
    code: 'bad-image',
    message: 'The capture is empty (0 bytes).',
  });
});

test('anything else thrown is an internal failure that still says what went wrong', () => {
  assert.deepEqual(toEngineError(new RangeError('offset out of bounds'), 'The engine failed'), {
    code: 'internal',
    message: 'The engine failed: offset out of bounds',
  });
  assert.deepEqual(toEngineError('a string was thrown', 'The answer failed'), {
    code: 'internal',
    message: 'The answer failed: a string was thrown',
  });
});
