import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bin, run } from '../../support/repo.js';

// main/remote is shared by the app and the CLI: lint keeps electron out of it,
// but for the one thin safeStorage adapter.
test('importing electron in main/remote fails lint, except in the safeStorage adapter', async () => {
  const result = await run(bin('eslint'), ['--stdin', '--stdin-filename', 'main/remote/deliberate.ts'], {
    input: "import { safeStorage } from 'electron';\nexport const ok = safeStorage.isEncryptionAvailable();\n",
  });
  assert.notEqual(result.code, 0);
  assert.match(result.stdout, /run without Electron/);
  const adapter = await run(bin('eslint'), ['main/remote/safe-storage-secrets.ts']);
  assert.equal(adapter.code, 0, adapter.stdout);
});
