import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedSenderUrl } from '../../../main/core/trusted-sender.js';

test('only frames loaded from app:// may call main', () => {
  assert.equal(isTrustedSenderUrl('app://chat/index.html'), true);
  assert.equal(isTrustedSenderUrl('https://evil.example/'), false);
  assert.equal(isTrustedSenderUrl('file:///tmp/x.html'), false);
  assert.equal(isTrustedSenderUrl('about:blank'), false);
  assert.equal(isTrustedSenderUrl(''), false);
  assert.equal(isTrustedSenderUrl(undefined), false);
});
