import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

test("no dependency's install script runs, with any npm, and npm reads the project's settings without a warning", () => {
  assert.equal(pkg.allowScripts['onnxruntime-node'], false, 'npm 11.16+ allowScripts');
  // npm 10 ignores allowScripts: ignore-scripts, a setting every npm knows, is what keeps
  // onnxruntime-node's postinstall from fetching CUDA libraries from NuGet.
  const npm = spawnSync('npm', ['config', 'get', 'ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(npm.status, 0, npm.stderr);
  assert.equal(npm.stdout.trim(), 'true');
  assert.doesNotMatch(npm.stderr, /warn/i, 'npm warns about the project configuration');
});

test('no dependency is allowed an install script', () => {
  assert.deepEqual(
    Object.entries(pkg.allowScripts).filter(([, allowed]) => allowed),
    [],
  );
});
