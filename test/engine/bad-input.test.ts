import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DTYPE_SUFFIX, tinyModelDir } from '../fixtures/tiny-model/index.js';
import { startEngine } from '../support/engine-harness.js';
import { testPng } from '../support/images.js';

// Every bad input gets a clear error naming what is wrong, and the engine
// keeps answering afterwards.
let modelDir: string;
let work: string;
before(async () => {
  modelDir = await tinyModelDir('smolvlm');
  work = await mkdtemp(path.join(os.tmpdir(), 'sightline-bad-'));
});

async function copyModel(name: string): Promise<string> {
  const dir = path.join(work, name);
  await cp(modelDir, dir, { recursive: true });
  return dir;
}

async function loadFails(dir: string, code: string, message: RegExp) {
  const engine = startEngine();
  await assert.rejects(engine.load({ modelDir: dir, device: 'cpu' }), (error: Error & { code?: string }) => {
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return true;
  });
  // A good model still loads in the same engine.
  const status = await engine.load({ modelDir, device: 'cpu' });
  assert.equal(status.family, 'smolvlm');
}

test('a missing model folder', () => loadFails(path.join(work, 'nope'), 'model-missing', /nope does not exist/));

test('a missing model file is named', async () => {
  const dir = await copyModel('missing-file');
  await rm(path.join(dir, 'tokenizer.json'));
  await loadFails(dir, 'model-missing', /tokenizer\.json is missing/);
});

test('a missing ONNX file is named', async () => {
  const dir = await copyModel('missing-onnx');
  for (const suffix of Object.values(DTYPE_SUFFIX))
    await rm(path.join(dir, `onnx/embed_tokens${suffix}.onnx`), { force: true });
  await loadFails(dir, 'model-missing', /onnx\/embed_tokens\.onnx is missing/);
});

test('a corrupt ONNX file is named', async () => {
  const dir = await copyModel('corrupt');
  for (const suffix of Object.values(DTYPE_SUFFIX)) {
    const file = path.join(dir, `onnx/decoder_model_merged${suffix}.onnx`);
    // Every dtype the fixture was written in: none of them is left whole.
    const bytes = await readFile(file).catch(() => undefined);
    if (bytes) await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 3)));
  }
  await loadFails(dir, 'model-corrupt', /decoder_model_merged.*\.onnx is damaged/);
});

test('a config for an unsupported family', async () => {
  const dir = await copyModel('llama');
  const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ ...config, model_type: 'llama' }));
  await loadFails(dir, 'model-unsupported', /model_type "llama"/);
});

test('bad images each get a clear error, and the engine answers the next question', async () => {
  const engine = startEngine();
  await engine.load({ modelDir, device: 'cpu' });
  const png = await testPng(64, 48);
  const cases: [string, Uint8Array<ArrayBufferLike>, RegExp][] = [
    ['non-image bytes', new TextEncoder().encode('Traceback (most recent call last): not a picture'), /not an image/],
    ['empty bytes', new Uint8Array(0), /empty/],
    ['a truncated PNG', png.subarray(0, Math.floor(png.length / 2)), /damaged|not an image/],
    [
      'a 1x20000 image',
      new Uint8Array(
        await sharp({ create: { width: 1, height: 20000, channels: 3, background: '#000' } })
          .png()
          .toBuffer(),
      ),
      /too thin/,
    ],
  ];
  for (const [name, bytes, message] of cases) {
    const answer = await engine.ask({
      conversationId: name,
      image: { kind: 'bytes', bytes: new Uint8Array(bytes) },
      turns: [{ role: 'user', text: 'What is this?' }],
    });
    assert.equal(answer.end.type, 'error', name);
    assert.ok(answer.end.type === 'error');
    assert.equal(answer.end.error.code, 'bad-image', name);
    assert.match(answer.end.error.message, message, name);
  }
  const missing = await engine.ask({
    conversationId: 'gone',
    image: { kind: 'path', path: path.join(work, 'gone.png') },
    turns: [{ role: 'user', text: 'Hi' }],
  });
  assert.ok(missing.end.type === 'error' && /no longer exists/.test(missing.end.error.message));
  const ok = await engine.ask({
    conversationId: 'ok',
    image: { kind: 'bytes', bytes: png },
    turns: [{ role: 'user', text: 'Hi' }],
    settings: { maxNewTokens: 3 },
  });
  assert.equal(ok.end.type, 'done');
});

test('a 16000x16000 capture is scaled down and answered, not an out-of-memory crash', async () => {
  const engine = startEngine();
  await engine.load({ modelDir, device: 'cpu' });
  const huge = new Uint8Array(
    await sharp({ create: { width: 16000, height: 16000, channels: 3, background: '#3366cc' } })
      .png({ compressionLevel: 1 })
      .toBuffer(),
  );
  const rssBefore = process.memoryUsage().rss;
  const answer = await engine.ask({
    conversationId: 'huge',
    image: { kind: 'bytes', bytes: huge },
    turns: [{ role: 'user', text: 'What is this?' }],
    settings: { maxNewTokens: 3 },
  });
  assert.equal(answer.end.type, 'done', JSON.stringify(answer.end));
  const usage = answer.end.type === 'done' ? answer.end.usage : undefined;
  // Capped at the processor's most tiles: 4 x 4 + 1 global, 4 image tokens each in the tiny model.
  assert.ok((usage?.imageTokens ?? Infinity) <= 17 * 4, `image tokens ${usage?.imageTokens}`);
  // A full-size float tensor would be 16000 x 16000 x 3 x 4 bytes = 3 GB.
  assert.ok(process.memoryUsage().rss - rssBefore < 1.5 * 1024 ** 3);
});

test('a question longer than the model reads is refused with the numbers', async () => {
  const engine = startEngine();
  await engine.load({ modelDir, device: 'cpu' });
  const long = 'why '.repeat(9000);
  const answer = await engine.ask({
    conversationId: 'long',
    image: { kind: 'bytes', bytes: await testPng(32, 32) },
    turns: [{ role: 'user', text: long }],
  });
  assert.ok(answer.end.type === 'error', JSON.stringify(answer.end).slice(0, 200));
  assert.equal(answer.end.error.code, 'prompt-too-long');
  assert.match(answer.end.error.message, /more than this model reads \(8192\)/);
});
