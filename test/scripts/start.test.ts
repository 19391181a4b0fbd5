import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { nodeVersionProblem } from '../../scripts/node-version.mjs';
import { repoRoot } from '../support/repo.js';

// `npm start` on a machine where Electron's binary cannot be downloaded (the
// build machines; a blocked network): one plain paragraph that says what
// failed and what to do, never a stack trace.

test('npm start without an Electron binary it can download says what to do, without a stack trace', async (t) => {
  const electronDist = path.join(repoRoot, 'node_modules/electron/dist');
  if (await readFile(path.join(repoRoot, 'node_modules/electron/path.txt'), 'utf8').catch(() => undefined)) {
    t.skip(`an Electron binary is installed in ${electronDist}: the download cannot fail here`);
    return;
  }
  const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
    cwd: repoRoot,
    // A mirror on a closed local port: the download fails at once, and nothing leaves the machine.
    env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 1);
  assert.match(output, /Sightline could not start: Electron's binary is not installed and downloading it failed/);
  assert.match(output, /npm run dev:web/);
  assert.match(output, /details in \S+sightline-electron-download\.log/);
  assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(output, /delete `node_modules\/electron`/, "not Electron's own advice");
});

test('the Node.js version is checked first, with what to do', () => {
  assert.equal(nodeVersionProblem('v20.20.2', '>=20.9'), undefined);
  assert.equal(nodeVersionProblem('v22.1.0', '>=20.9'), undefined);
  assert.match(
    nodeVersionProblem('v18.19.0', '>=20.9') ?? '',
    /^Sightline needs Node\.js 20\.9 or newer, and this is Node\.js 18\.19\.0\. Install a newer Node\.js/,
  );
  assert.match(nodeVersionProblem('v20.8.1', '>=20.9') ?? '', /needs Node\.js 20\.9/);
});
