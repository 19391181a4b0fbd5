import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExternalUrl } from '../../common/external-url.js';

test('http and https links open; everything else is refused with a reason', () => {
  assert.deepEqual(checkExternalUrl('https://developer.mozilla.org/en-US/docs/Web/CSS'), {
    ok: true,
    url: 'https://developer.mozilla.org/en-US/docs/Web/CSS',
  });
  assert.equal(checkExternalUrl('http://localhost:3000/').ok, true);
  for (const [url, reason] of [
    ['javascript:alert(1)', /Only http and https/],
    ['file:///etc/passwd', /Only http and https/],
    ['data:text/html,<script>alert(1)</script>', /Only http and https/],
    ['smb://server/share', /Only http and https/],
    ['https://github.com@evil.example/login', /hides a user name/],
    ['not a url', /not a web address/],
    [`https://example.com/${'a'.repeat(3000)}`, /longer than 2048/],
  ] as const) {
    const result = checkExternalUrl(url);
    assert.equal(result.ok, false, url);
    assert.match(result.ok ? '' : result.reason, reason, url);
  }
});
