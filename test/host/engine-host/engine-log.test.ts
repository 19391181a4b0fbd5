import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { EngineLog } from '../../../host/engine-host/engine-log.js';
import type { EngineProcess } from '../../../host/engine-host/engine-process.js';
import { createNodeLauncher } from '../../../host/engine-host/node-launcher.js';

// The engine's stdout and stderr as native libraries write them: straight to
// file descriptors 1 and 2, in colour, past any JavaScript console.

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'sightline-engine-log-'));
}

/** An "engine" that writes to its descriptors directly, as onnxruntime and Dawn do, then exits. */
async function noisyEntry(dir: string): Promise<string> {
  const entry = path.join(dir, 'noisy-engine.mjs');
  await writeFile(
    entry,
    [
      "import { writeSync } from 'node:fs';",
      "writeSync(1, 'native stdout line\\n');",
      "writeSync(2, '\\u001b[1;31m[E:onnxruntime:native, provider.cc:1] red error\\u001b[m\\n');",
      'process.exit(0);',
    ].join('\n'),
  );
  return entry;
}

function exited(engine: EngineProcess): Promise<void> {
  return new Promise((resolve) => engine.onExit(() => resolve()));
}

/** Collects what is written to it. */
function sink(): PassThrough & { text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

test('an engine launched with a log writes its descriptors 1 and 2 into the file, without colour codes', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'engine.log');
  const log = EngineLog.open(file);
  const engine = createNodeLauncher({ entry: await noisyEntry(dir), log }).launch();
  await exited(engine);
  await log.close();
  const text = await readFile(file, 'utf8');
  assert.match(text, /native stdout line/);
  assert.match(text, /\[E:onnxruntime:native, provider\.cc:1\] red error/);
  assert.ok(!text.includes('\u001b'), 'no colour codes in the file');
  assert.equal(await log.details(), file);
});

test('with an echo the output is also shown as it comes, colours and all', async () => {
  const dir = await tempDir();
  const echo = sink();
  const log = EngineLog.open(path.join(dir, 'engine.log'), { echo });
  const engine = createNodeLauncher({ entry: await noisyEntry(dir), log }).launch();
  await exited(engine);
  await log.close();
  assert.match(echo.text(), /native stdout line/);
  assert.ok(echo.text().includes('\u001b[1;31m[E:onnxruntime'), 'the echo keeps the colour');
});

test('a log that received nothing names no file and is removed', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'engine.log');
  const log = EngineLog.open(file);
  const quiet = new PassThrough();
  log.follow([quiet, null]);
  assert.ok(existsSync(file), 'the log is created at once');
  quiet.end();
  await log.close();
  assert.equal(await log.details(), undefined);
  assert.ok(!existsSync(file), 'the empty log was removed');
});

test('a log that cannot be written hands the output to its fallback instead of dropping it', async () => {
  const dir = await tempDir();
  const blocker = path.join(dir, 'not-a-folder');
  await writeFile(blocker, '');
  const fallback = sink();
  const log = EngineLog.open(path.join(blocker, 'engine.log'), { fallback });
  const stderr = new PassThrough();
  log.follow([stderr]);
  stderr.end('Warning: Couldn’t load Vulkan\n');
  await log.close();
  assert.match(fallback.text(), /Couldn’t load Vulkan/);
  assert.equal(await log.details(), undefined);
});
