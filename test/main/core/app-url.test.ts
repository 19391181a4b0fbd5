import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appPageUrl, resolveAppUrl } from '../../../main/core/app-url.js';

test('a page URL maps to its file in the renderer build', () => {
  assert.deepEqual(resolveAppUrl(appPageUrl('chat')), { ok: true, relativePath: 'chat/index.html' });
  assert.deepEqual(resolveAppUrl('app://overlay/'), { ok: true, relativePath: 'overlay/index.html' });
});

test("a page's ../assets references reach the shared assets folder", () => {
  // The browser normalises app://chat/../assets/x.js to app://chat/assets/x.js.
  const url = new URL('../assets/chat-1a2b.js', appPageUrl('chat')).toString();
  assert.deepEqual(resolveAppUrl(url), { ok: true, relativePath: 'assets/chat-1a2b.js' });
});

test('traversal out of the renderer folder is refused, however it is spelled', () => {
  for (const url of [
    'app://chat/%2e%2e/%2e%2e/etc/passwd',
    'app://chat/..%2f..%2fsecret',
    'app://chat/a%5c..%5c..%5cb',
    'app://chat/%00index.html',
    'app://chat/.hidden/../x',
  ]) {
    const result = resolveAppUrl(url);
    assert.equal(result.ok, false, url);
  }
});

test('other schemes and junk are refused', () => {
  assert.equal(resolveAppUrl('file:///etc/passwd').ok, false);
  assert.equal(resolveAppUrl('https://chat/index.html').ok, false);
  assert.equal(resolveAppUrl('not a url').ok, false);
  assert.equal(resolveAppUrl('app://chat/%E0%A4%A').ok, false);
});
