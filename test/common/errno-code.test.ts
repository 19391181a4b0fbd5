import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errnoCode } from '../../common/errno-code.js';

// What fetch throws when nothing listens: TypeError('fetch failed') around the socket error.
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

test('the code is found on the error itself or down its cause chain', () => {
  assert.equal(errnoCode(systemError('ENOENT')), 'ENOENT');
  assert.equal(errnoCode(fetchFailed(systemError('ECONNRESET'))), 'ECONNRESET');
  assert.equal(errnoCode(fetchFailed(new Error('wrapped', { cause: systemError('ENOTFOUND') }))), 'ENOTFOUND');
});

test('a connect to every address of a host failing (happy eyeballs) gives the first address’s code', () => {
  const both = new AggregateError([systemError('ECONNREFUSED'), systemError('ETIMEDOUT')], 'all failed');
  assert.equal(errnoCode(fetchFailed(both)), 'ECONNREFUSED');
});

test('no code anywhere, or something thrown that is not an object, gives none', () => {
  assert.equal(errnoCode(fetchFailed(new Error('no code'))), undefined);
  assert.equal(errnoCode('ECONNREFUSED'), undefined);
  assert.equal(errnoCode(undefined), undefined);
});
