import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { answerEnd } from '../../cli/cli-args.js';
import os from 'node:os';
import path from 'node:path';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { testPngFile } from '../support/images.js';
import { installTinyModel } from '../support/installed-tiny-model.js';
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
  assert.match(result.stderr, /smolvlm on CPU \((int8|fp32)\)/);
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
  // On a pipe, each answer ends with a line holding only the record separator.
  const answers = result.stdout.split(`${answerEnd}\n`);
  assert.equal(answers.pop(), '', 'the output ends with the last marker');
  assert.equal(answers.length, 3, result.stdout);
  for (const answer of answers) assert.match(answer, /^[^\n]+\n$/, 'one answer line per question');
});

test('--version prints the package version, built and from source', async () => {
  requireBuild();
  const { version } = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  for (const argv of [[built()], fromSource()]) {
    const result = await run(process.execPath, [...argv, '--version']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `sightline ${version}\n`);
  }
});

test('ask without --model uses the installed model the app chose, or says how to download one', async () => {
  requireBuild();
  const appData = await mkdtemp(path.join(os.tmpdir(), 'sightline-app-data-'));
  try {
    const home = { ...process.env, SIGHTLINE_MODELS_DIR: undefined, XDG_CONFIG_HOME: appData, HOME: appData };
    const ask = () =>
      run(process.execPath, [built(), 'ask', '--image', imagePath, '--device', 'cpu', '--max-tokens', '4', 'Hi'], {
        env: home,
      });
    const none = await ask();
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /No model is installed in .*Download the recommended one: sightline models pull smolvlm-256m-instruct/,
    );

    // Installed as the app installs a model: the catalog's default is used...
    const userData = path.join(appData, 'Sightline');
    await installTinyModel(userData);
    const byDefault = await ask();
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.match(byDefault.stderr, /Using SmolVLM 256M Instruct \(smolvlm-256m-instruct, installed\)/);
    assert.ok(byDefault.stdout.trim().length > 0, 'an answer on stdout');
    // ...unless the app's settings chose another installed model.
    await installTinyModel(userData, 'company-vlm');
    await writeFile(path.join(userData, 'settings.json'), JSON.stringify({ modelId: 'company-vlm' }));
    const chosen = await ask();
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.match(chosen.stderr, /Using Tiny SmolVLM \(company-vlm\) \(company-vlm, installed\)/);
  } finally {
    await rm(appData, { recursive: true, force: true });
  }
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
