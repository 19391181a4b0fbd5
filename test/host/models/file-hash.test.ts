import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContentHasher } from '../../../host/models/file-hash.js';

// Each downloaded file is checked against the hash the hub lists for it.
test('git blob ids are checked the way git computes them', () => {
  // `printf 'hello\n' | git hash-object --stdin`
  const hasher = new ContentHasher({ size: 6, gitBlobSha1: 'ce013625030ba8dba906f756967f9e9ca394464a' });
  hasher.update(Buffer.from('hel'));
  hasher.update(Buffer.from('lo\n'));
  assert.equal(hasher.check().ok, true);
  const sha = new ContentHasher({ size: 6, sha256: '0'.repeat(64) });
  sha.update(Buffer.from('hello\n'));
  assert.deepEqual(
    { ...sha.check(), actual: undefined },
    { ok: false, algorithm: 'sha256', expected: '0'.repeat(64), actual: undefined },
  );
});
