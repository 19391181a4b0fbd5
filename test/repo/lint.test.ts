import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bin, run } from '../support/repo.js';

// The process boundaries of DESIGN.md are enforced by lint; these prove the
// rules bite, not only that today's tree is clean.
function lintSnippet(filename: string, source: string) {
  return run(bin('eslint'), ['--stdin', '--stdin-filename', filename], { input: source });
}

test('the whole tree passes lint', async () => {
  const result = await run(bin('eslint'), ['.']);
  assert.equal(result.code, 0, result.stdout + result.stderr);
});

test('the whole tree is formatted', async () => {
  const result = await run(bin('prettier'), ['--check', '.']);
  assert.equal(result.code, 0, result.stdout + result.stderr);
});

for (const folder of ['main/engine', 'main/core']) {
  test(`importing electron in ${folder} fails lint, in any spelling`, async () => {
    for (const source of [
      "import { app } from 'electron';\nexport const name = app.getName();\n",
      "import type { WebContents } from 'electron/main';\nexport type W = WebContents;\n",
      "export const load = () => import('electron');\n",
    ]) {
      const result = await lintSnippet(`${folder}/deliberate.ts`, source);
      assert.notEqual(result.code, 0, source);
      assert.match(result.stdout, /run without Electron/);
    }
  });
}

test('DOM globals in the engine fail lint', async () => {
  const result = await lintSnippet('main/engine/deliberate.ts', 'export const title = () => document.title;\n');
  assert.notEqual(result.code, 0);
  assert.match(result.stdout, /no DOM/);
});

test('Node modules in main/core fail lint (core is shared with the pages)', async () => {
  const result = await lintSnippet(
    'main/core/deliberate.ts',
    "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n",
  );
  assert.notEqual(result.code, 0);
  assert.match(result.stdout, /no Node modules/);
});

test('Node modules and electron in renderer code fail lint', async () => {
  for (const source of [
    "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n",
    "import path from 'path';\nexport const join = path.join;\n",
    "import { ipcRenderer } from 'electron';\nexport const ipc = ipcRenderer;\n",
  ]) {
    const result = await lintSnippet('renderer/chat/deliberate.ts', source);
    assert.notEqual(result.code, 0, source);
    assert.match(result.stdout, /bridge/);
  }
});

test('the same imports are fine where they belong', async () => {
  const main = await lintSnippet(
    'main/deliberate.ts',
    "import { app } from 'electron';\nexport const name = app.getName();\n",
  );
  assert.equal(main.code, 0, main.stdout);
  const engine = await lintSnippet(
    'main/engine/deliberate.ts',
    "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n",
  );
  assert.equal(engine.code, 0, engine.stdout);
});
