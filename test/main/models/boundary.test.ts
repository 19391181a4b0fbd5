import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bin, run } from '../../support/repo.js';

// The model store is shared by the app and the CLI: lint keeps electron out of it.
test('importing electron in main/models or the catalog fails lint', async () => {
  for (const file of ['main/models/deliberate.ts', 'models/deliberate.ts']) {
    const result = await run(bin('eslint'), ['--stdin', '--stdin-filename', file], {
      input: "import { app } from 'electron';\nexport const name = app.getName();\n",
    });
    assert.notEqual(result.code, 0, file);
    assert.match(result.stdout, /run without Electron/);
  }
});
