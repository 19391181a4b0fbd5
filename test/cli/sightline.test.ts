import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { testPngFile } from '../support/images.js';
import { distDir, repoRoot, requireBuild, run } from '../support/repo.js';

// The CLI as a user runs it: the built file under plain Node, and the source
// through tsx, each forking the real engine.
let modelDir: string;
let imagePath: string;
before(async () => {
  modelDir = await tinyModelDir('smolvlm');
  imagePath = await testPngFile(480, 160);
});

const built = () => path.join(distDir, 'cli', 'sightline.js');
const fromSource = () => ['--import', 'tsx', path.join(repoRoot, 'cli/sightline.ts')];

test('models list shows the catalog with the default, offline', async () => {
  requireBuild();
  const result = await run(process.execPath, [built(), 'models', 'list'], {
    env: { ...process.env, SIGHTLINE_MODELS_DIR: path.join(os.tmpdir(), 'sightline-no-models') },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /smolvlm-256m-instruct \(default\)/);
  assert.match(result.stdout, /qwen2-vl-2b-instruct/);
});

test('ask streams the answer to stdout and the device to stderr', async () => {
  requireBuild();
  const result = await run(process.execPath, [
    built(),
    'ask',
    '--model',
    modelDir,
    '--image',
    imagePath,
    '--device',
    'cpu',
    '--max-tokens',
    '12',
    'What does this error mean?',
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.trim().length > 0, 'an answer on stdout');
  assert.match(result.stderr, /smolvlm on CPU \((q8|fp32)\)/);
  assert.match(result.stderr, /reached --max-tokens/);
});

test('--chat answers follow-up questions read from stdin, about the same image', async () => {
  const result = await run(
    process.execPath,
    [
      ...fromSource(),
      'ask',
      '--chat',
      '--model',
      modelDir,
      '--image',
      imagePath,
      '--device',
      'cpu',
      '--max-tokens',
      '6',
      'What is this?',
    ],
    { input: 'And how do I fix it?\n\nWhy?\n' },
  );
  assert.equal(result.code, 0, result.stderr);
  // One answer line per question.
  assert.equal(result.stdout.trim().split('\n').length, 3, result.stdout);
});

test('a missing model, a missing image and a bad flag each say what is wrong', async () => {
  requireBuild();
  const missingModel = await run(process.execPath, [
    built(),
    'ask',
    '--model',
    path.join(os.tmpdir(), 'no-such-model'),
    '--image',
    imagePath,
    'Hi',
  ]);
  assert.equal(missingModel.code, 1);
  assert.match(missingModel.stderr, /no-such-model does not exist/);
  const missingImage = await run(process.execPath, [
    built(),
    'ask',
    '--model',
    modelDir,
    '--image',
    '/nonexistent.png',
    'Hi',
  ]);
  assert.equal(missingImage.code, 1);
  assert.match(missingImage.stderr, /The image \/nonexistent\.png does not exist/);
  const badFlag = await run(process.execPath, [
    built(),
    'ask',
    '--model',
    modelDir,
    '--image',
    imagePath,
    '--device',
    'tpu',
    'Hi',
  ]);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /--device must be auto, gpu or cpu/);
  assert.match(badFlag.stderr, /Usage: sightline ask/);
  const unknownId = await run(
    process.execPath,
    [built(), 'ask', '--model', 'smolvlm-256m-instruct', '--image', imagePath, 'Hi'],
    {
      env: { ...process.env, SIGHTLINE_MODELS_DIR: path.join(os.tmpdir(), 'sightline-no-models') },
    },
  );
  assert.equal(unknownId.code, 1);
  assert.match(
    unknownId.stderr,
    /no installed model "smolvlm-256m-instruct".*Try: sightline models pull smolvlm-256m-instruct/,
  );
  const notImage = path.join(path.dirname(imagePath), 'notes.png');
  await writeFile(notImage, 'not a picture');
  const badImage = await run(process.execPath, [built(), 'ask', '--model', modelDir, '--image', notImage, 'Hi']);
  assert.equal(badImage.code, 1);
  assert.match(badImage.stderr, /not an image/);
});
