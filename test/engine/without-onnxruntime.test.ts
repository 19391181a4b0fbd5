import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import sharp from 'sharp';
import { CropReply, EngineToHost, ReadTextReply, ResizeReply } from '../../common/engine-protocol.js';
import { parseFrame } from '../../common/engine-wire.js';
import { localEngineUnavailable } from '../../engine/native-runtime.js';
import { capturePages } from '../fixtures/text-captures/pages.js';
import { renderCaptures } from '../fixtures/text-captures/render.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { testPng } from '../support/images.js';
import { distDir, repoRoot, requireBuild } from '../support/repo.js';

// The built engine on a machine onnxruntime has no build for (an Intel Mac):
// test/support/without-onnxruntime.mjs makes onnxruntime-node's native
// binding fail to load as a missing one does. The engine must start without
// it (transformers.js and onnxruntime load lazily), still crop, resize and
// read text (Tesseract) for model servers, and say why a model cannot load.
const withoutOnnxRuntime = path.join(repoRoot, 'test/support/without-onnxruntime.mjs');

let engine: ChildProcess;
const controlReplies: EngineToHost[] = [];
const requestReplies = new Map<string, unknown>();
let nextChannel = 1;

before(() => {
  requireBuild();
  engine = fork(path.join(distDir, 'engine/entry.js'), [], {
    cwd: repoRoot,
    execArgv: ['--import', withoutOnnxRuntime],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  engine.on('message', (raw: unknown) => {
    const frame = parseFrame(raw);
    if (!frame) controlReplies.push(EngineToHost.parse(raw));
    else if ('msg' in frame) requestReplies.set(frame.ch, frame.msg);
  });
});

after(() => {
  if (engine.exitCode === null && engine.signalCode === null) engine.kill();
});

async function control(message: object, replyType: EngineToHost['type']): Promise<EngineToHost> {
  const before = controlReplies.length;
  engine.send(message);
  while (!controlReplies.slice(before).some((reply) => reply.type === replyType)) await once(engine, 'message');
  return controlReplies.slice(before).find((reply) => reply.type === replyType)!;
}

async function request(message: object): Promise<unknown> {
  const ch = `r${nextChannel++}`;
  engine.send({ ch, msg: message });
  while (!requestReplies.has(ch)) await once(engine, 'message');
  return requestReplies.get(ch);
}

test('the engine starts and says local models have no build here', async () => {
  const ready = await control({ type: 'hello' }, 'ready');
  assert.ok(ready.type === 'ready');
  assert.equal(ready.runtime.localModels, 'no-build');
});

test('it crops and resizes captures without onnxruntime', async () => {
  const capture = await testPng(400, 300);
  const cropped = CropReply.parse(
    await request({ type: 'crop', capture, rect: { x: 40, y: 30, width: 120, height: 80 } }),
  );
  assert.ok(cropped.type === 'cropped', JSON.stringify(cropped));
  assert.deepEqual(
    await sharp(cropped.png)
      .metadata()
      .then(({ width, height }) => ({ width, height })),
    {
      width: 120,
      height: 80,
    },
  );
  const resized = ResizeReply.parse(await request({ type: 'resize', image: capture, maxSide: 200, allowJpeg: false }));
  assert.ok(resized.type === 'resized', JSON.stringify(resized));
  assert.equal(Math.max(resized.width, resized.height), 200);
});

test('it reads a capture’s text with Tesseract where PP-OCR cannot run', async () => {
  const [dialog] = await renderCaptures(capturePages.filter((page) => page.name === 'dialog-save'));
  const reply = ReadTextReply.parse(await request({ type: 'read-text', image: { kind: 'bytes', bytes: dialog!.png } }));
  assert.ok(reply.type === 'text-read', JSON.stringify(reply));
  assert.equal(reply.text.language, 'en');
  assert.match(reply.text.text, /report-2024\.txt is read-only\./);
  assert.match(reply.text.text, /Unable to save the document/);
});

test('a model load fails with local-engine-unavailable, and the engine stays up', async () => {
  const modelDir = await tinyModelDir('smolvlm');
  const failed = await control({ type: 'load', modelDir, device: 'auto' }, 'load-failed');
  assert.ok(failed.type === 'load-failed');
  assert.equal(failed.error.code, 'local-engine-unavailable');
  assert.match(
    failed.error.message,
    /onnxruntime could not be loaded \(Cannot find module .*onnxruntime_binding\.node/,
  );
  assert.match(failed.error.message, /choose a model server in Settings → Answer source/);
  const again = await control({ type: 'hello' }, 'ready');
  assert.equal(again.type, 'ready');
  assert.equal(engine.exitCode, null);
});

test('on an Intel Mac the message says local models cannot run on this Mac, and what to choose', () => {
  const error = localEngineUnavailable(
    new Error("Cannot find module '../bin/napi-v6/darwin/x64/x.node'"),
    'darwin',
    'x64',
  );
  assert.equal(error.code, 'local-engine-unavailable');
  assert.match(error.message, /cannot run on this Mac/);
  assert.match(error.message, /no build for Intel Macs/);
  assert.match(error.message, /Settings → Answer source/);
});
