import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bin, run } from '../support/repo.js';

// The runtimes of docs/architecture.md are enforced by lint; these prove the
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

const electronSpellings = [
  "import { app } from 'electron';\nexport const name = app.getName();\n",
  "import type { WebContents } from 'electron/main';\nexport type W = WebContents;\n",
  "export const load = () => import('electron');\n",
];

for (const folder of ['common', 'engine', 'engine/text', 'host/chat', 'host/models', 'models', 'cli', 'web-host']) {
  test(`importing electron in ${folder}/ fails lint, in any spelling`, async () => {
    for (const source of electronSpellings) {
      const result = await lintSnippet(`${folder}/deliberate.ts`, source);
      assert.notEqual(result.code, 0, source);
      assert.match(result.stdout, /runs without Electron/);
    }
  });
}

// [file, import, what the refusal says]
const refused: Array<[string, string, RegExp]> = [
  ['main/app/deliberate.ts', '../../engine/resize.js', /never run in Electron's main process/],
  ['main/app/deliberate.ts', '../../host/model-servers/direct-prepare-image.js', /sharp never runs in Electron's main/],
  ['main/deliberate.ts', '../cli/sightline.js', /may not import the other hosts/],
  ['host/chat/deliberate.ts', '../../engine/resize.js', /reach the engine through host\/engine-host/],
  ['host/chat/deliberate.ts', '../../main/index.js', /may not import them/],
  ['engine/deliberate.ts', '../host/chat/chat-service.js', /imports common\/ only/],
  ['common/deliberate.ts', '../engine/vlm.js', /depends on nothing else/],
  ['cli/deliberate.ts', '../main/index.js', /may not import the other hosts/],
  ['web-host/deliberate.ts', '../cli/sightline.js', /may not import the other hosts/],
  ['renderer/chat/deliberate.ts', '../../host/chat/chat-service.js', /share common\/ only/],
  ['preload/deliberate.ts', '../host/chat/chat-service.js', /share common\/ only/],
];

for (const [file, from, says] of refused) {
  test(`${file.split('/deliberate')[0]}/ may not import ${from.replace(/^(\.\.\/)+/, '')}`, async () => {
    const result = await lintSnippet(file, `import { x } from '${from}';\nexport const y = x;\n`);
    assert.notEqual(result.code, 0);
    assert.match(result.stdout, says);
  });
}

test('DOM globals outside the pages fail lint', async () => {
  for (const folder of ['engine', 'host', 'main']) {
    const result = await lintSnippet(`${folder}/deliberate.ts`, 'export const title = () => document.title;\n');
    assert.notEqual(result.code, 0, folder);
    assert.match(result.stdout, /no DOM/);
  }
});

test('Node modules in common/ fail lint (it is shared with the pages)', async () => {
  const result = await lintSnippet(
    'common/deliberate.ts',
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
  const allowed: Array<[string, string]> = [
    ['main/deliberate.ts', electronSpellings[0]!],
    ['main/app/deliberate.ts', "import { safeStorage } from 'electron';\nexport const s = safeStorage;\n"],
    ['engine/deliberate.ts', "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n"],
    ['cli/deliberate.ts', "import { x } from '../engine/resize.js';\nexport const y = x;\n"],
    ['host/chat/deliberate.ts', "import { x } from '../engine-host/engine-host.js';\nexport const y = x;\n"],
    ['renderer/chat/deliberate.ts', "import { x } from '../../common/geometry.js';\nexport const y = x;\n"],
  ];
  for (const [file, source] of allowed) {
    const result = await lintSnippet(file, source);
    assert.equal(result.code, 0, `${file}: ${result.stdout}`);
  }
});
