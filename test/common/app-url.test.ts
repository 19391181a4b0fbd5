import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appPageUrl, resolveAppUrl } from '../../common/app-url.js';

test('a page URL maps to its file in the renderer build', () => {
  assert.deepEqual(resolveAppUrl(appPageUrl('chat')), { ok: true, relativePath: 'chat/index.html' });
  assert.deepEqual(resolveAppUrl('app://overlay/'), { ok: true, relativePath: 'overlay/index.html' });
});

test("a page's ../assets references reach the shared assets folder", () => {
  // The browser normalises app://chat/../assets/x.js to app://chat/assets/x.js.
  const url = new URL('../assets/chat-1a2b.js', appPageUrl('chat')).toString();
  assert.deepEqual(resolveAppUrl(url), { ok: true, relativePath: 'assets/chat-1a2b.js' });
});

test('traversal out of the renderer folder is impossible, however it is spelled', () => {
  for (const url of [
    'app://chat/%2e%2e/%2e%2e/etc/passwd',
    'app://chat/..%2f..%2fsecret',
    'app://chat/a%5c..%5c..%5cb',
    'app://chat/%00index.html',
    'app://chat/.hidden/../x',
    'app://chat/../../../../etc/passwd',
  ]) {
    const result = resolveAppUrl(url);
    // Either refused, or a path that stays inside the renderer build.
    if (result.ok) {
      assert.ok(!result.relativePath.split('/').some((segment) => segment === '..' || segment === ''), url);
      assert.match(result.relativePath, /^(chat|assets)\//, url);
    }
  }
  // The URL parser already folds dot segments (even percent-encoded ones) into the page.
  assert.deepEqual(resolveAppUrl('app://chat/%2e%2e/%2e%2e/etc/passwd'), { ok: true, relativePath: 'chat/etc/passwd' });
  // Encoded separators and NUL bytes are refused outright.
  assert.equal(resolveAppUrl('app://chat/..%2f..%2fsecret').ok, false);
  assert.equal(resolveAppUrl('app://chat/a%5c..%5c..%5cb').ok, false);
  assert.equal(resolveAppUrl('app://chat/%00index.html').ok, false);
});

test('other schemes and junk are refused', () => {
  assert.equal(resolveAppUrl('file:///etc/passwd').ok, false);
  assert.equal(resolveAppUrl('https://chat/index.html').ok, false);
  assert.equal(resolveAppUrl('not a url').ok, false);
  assert.equal(resolveAppUrl('app://chat/%E0%A4%A').ok, false);
});
