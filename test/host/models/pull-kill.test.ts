import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModelFolder } from '../../../engine/model-folder.js';
import { listInstalledModels, listPartialDownloads } from '../../../host/models/index.js';
import { lockPath, stagingDir } from '../../../host/models/layout.js';
import type { FakeHub } from '../../support/fake-hub.js';
import { pullTinyModel, startTinyHub, tinyId, tinyRevision } from '../../support/tiny-catalog.js';

// The app killed mid-download (SIGKILL: no cleanup runs) and started again:
// the new pull takes over the dead process's lock and resumes its files.
let hub: FakeHub;
let root: string;
const decoder = 'onnx/decoder_model_merged.onnx';
const child = fileURLToPath(new URL('./pull-child.ts', import.meta.url));

before(async () => {
  hub = await startTinyHub();
  root = await mkdtemp(path.join(os.tmpdir(), 'sightline-models-kill-'));
});
after(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

async function sizeOf(file: string): Promise<number> {
  return (await stat(file).catch(() => ({ size: 0 }))).size;
}

test('a process killed mid-file leaves a staging folder the next pull resumes from', async () => {
  const decoderSize = hub.files.find((file) => file.path === decoder)!.bytes.length;
  hub.faults.throttle = { chunkBytes: 8 * 1024, delayMs: 15 };
  const part = path.join(stagingDir(root, tinyId, 'fp32', tinyRevision), 'onnx', 'decoder_model_merged.onnx.part');
  const proc = spawn(process.execPath, ['--import', 'tsx', child, root, hub.endpoint], { stdio: 'pipe' });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  const deadline = Date.now() + 20_000;
  while ((await sizeOf(part)) < 64 * 1024) {
    assert.ok(Date.now() < deadline, `the child never got far into the decoder: ${stderr}`);
    assert.equal(proc.exitCode, null, `the child exited early: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  proc.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const onDisk = await sizeOf(part);
  assert.ok(onDisk > 0 && onDisk < decoderSize, `${onDisk} of ${decoderSize} bytes on disk`);
  assert.equal(
    await readFile(lockPath(root, tinyId, 'fp32'), 'utf8'),
    String(proc.pid),
    'the dead owner left its lock',
  );
  assert.deepEqual(await listInstalledModels(root), [], 'no model is visible');
  assert.equal((await listPartialDownloads(root)).length, 1);

  delete hub.faults.throttle;
  hub.requests.length = 0;
  const result = await pullTinyModel(hub, root);
  await readModelFolder(result.dir);
  const [resumed] = hub.contentRequestsFor(decoder);
  assert.equal(resumed!.range, `bytes=${onDisk}-`);
  assert.equal(hub.bytesSentFor(decoder), decoderSize - onDisk, 'only the missing bytes were fetched');
  for (const done of ['config.json', 'onnx/vision_encoder.onnx', 'onnx/embed_tokens.onnx']) {
    assert.deepEqual(hub.contentRequestsFor(done), [], `${done} was complete and not fetched again`);
  }
  assert.deepEqual(await listPartialDownloads(root), []);
});
