import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../support/repo.js';

// `npm ci` must never depend on a download beyond the npm registry.
const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};

test('electron is pinned at 42 or newer, which fetches its binary lazily instead of in postinstall', () => {
  const major = Number(/(\d+)\./.exec(pkg.devDependencies.electron ?? '')?.[1]);
  assert.ok(major >= 42, `electron ${pkg.devDependencies.electron}`);
});

test("onnxruntime-node's CUDA download in postinstall is skipped for every npm", async () => {
  assert.equal(pkg.allowScripts['onnxruntime-node'], false, 'npm 11 allowScripts');
  const npmrc = await readFile(path.join(repoRoot, '.npmrc'), 'utf8');
  assert.match(npmrc, /^onnxruntime-node-install=skip$/m, 'older npm reads .npmrc');
});

test('no dependency is allowed an install script', () => {
  assert.deepEqual(
    Object.entries(pkg.allowScripts).filter(([, allowed]) => allowed),
    [],
  );
});
