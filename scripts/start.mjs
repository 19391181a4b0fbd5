// `npm start`: checks the Node.js version, builds (skip with --no-build), and
// runs the app in Electron. Electron's binary is downloaded the first time it
// is needed; where that cannot happen (no network, a blocked host) or the
// binary cannot run, this says so in one paragraph — what failed, that the
// same app runs in a browser with `npm run dev:web`, how to retry — with the
// details in a log file instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeVersionProblem } from './node-version.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const electronArgs = args.filter((arg) => arg !== '--no-build');

function fail(paragraph) {
  process.stderr.write(`\n${paragraph}\n\n`);
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const versionProblem = nodeVersionProblem(process.version, manifest.engines?.node);
if (versionProblem) fail(versionProblem);

if (build) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const electronDir = path.join(root, 'node_modules/electron');
if (!existsSync(electronDir)) fail('Electron is not installed: run npm ci first, then npm start.');

/** The Electron binary, downloaded now if it is not there yet; undefined when that failed (see the log). */
function electronBinary(log) {
  const pathFile = path.join(electronDir, 'path.txt');
  const installed = () => {
    if (!existsSync(pathFile)) return undefined;
    const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  };
  const ready = installed();
  if (ready) return ready;
  process.stderr.write('Downloading Electron (once)…\n');
  const download = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  writeFileSync(log, `${download.stdout ?? ''}${download.stderr ?? ''}${download.error ? String(download.error) : ''}`);
  return download.status === 0 ? installed() : undefined;
}

const log = path.join(os.tmpdir(), 'sightline-electron-download.log');
const binary = electronBinary(log);
const retry =
  'The same app runs in your browser meanwhile: npm run dev:web. ' +
  'To try Electron again, check the network (or set ELECTRON_MIRROR to a mirror you can reach) and run npm start.';
if (!binary) {
  fail(
    `Sightline could not start: Electron's binary is not installed and downloading it failed (details in ${log}). ${retry}`,
  );
}

const child = spawn(binary, ['.', ...electronArgs], { cwd: root, stdio: 'inherit' });
child.on('error', (error) => {
  fail(`Sightline could not start: Electron (${binary}) did not run: ${error.message}. ${retry}`);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
