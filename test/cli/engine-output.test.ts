import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { probePlatform } from '../../engine/platform-probe.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { testPngFile } from '../support/images.js';
import { distDir, requireBuild, run, type RunResult } from '../support/repo.js';

// What `sightline ask` prints when a GPU provider is missing: Sightline's own
// lines on stderr, the answer on stdout, and the native libraries' warnings
// and red errors (Dawn's missing Vulkan, onnxruntime's missing CUDA
// libraries) in a debug log, or live with --verbose.

let modelDir: string;
let imagePath: string;
before(async () => {
  modelDir = await tinyModelDir('smolvlm');
  imagePath = await testPngFile(480, 160);
});

// The CUDA cases need onnxruntime's CUDA provider to fail, as it does
// without its libraries; with them it might simply run.
const cudaInstalled = probePlatform().hasCudaProvider ? "onnxruntime's CUDA provider is installed here" : false;

/** A run of the built CLI; its temp folder (where its log goes) is `tmp` when given. */
function ask(flags: string[], tmp?: string): Promise<RunResult> {
  requireBuild();
  const env = tmp ? { ...process.env, TMPDIR: tmp, TEMP: tmp, TMP: tmp } : process.env;
  return run(
    process.execPath,
    [
      path.join(distDir, 'cli', 'sightline.js'),
      'ask',
      '--model',
      modelDir,
      '--image',
      imagePath,
      '--max-tokens',
      '4',
      ...flags,
      'What is this?',
    ],
    { env },
  );
}

// Every line Sightline itself prints around a local answer.
const sightlineLines = [
  /^smolvlm on (CPU|CUDA|WebGPU) \((int8|fp32|fp16)\)$/,
  /^Running on CPU\. .+\.( \(details in \S+\))?$/,
  /^\(the answer reached --max-tokens\)$/,
];
// eslint-disable-next-line no-control-regex -- an ESC anywhere is a colour code that leaked through
const escape = /\u001b/;
const nativeText = /Dawn|Vulkan|BackendVk|\[[EW]:onnxruntime|onnxruntime_src|ONNXRuntimeError/;

function assertOnlySightline(stderr: string): void {
  assert.doesNotMatch(stderr, escape, `no terminal colour codes:\n${stderr}`);
  assert.doesNotMatch(stderr, nativeText, `no native library output:\n${stderr}`);
  for (const line of stderr.split('\n').filter((text) => text !== '')) {
    assert.ok(
      sightlineLines.some((pattern) => pattern.test(line)),
      `stderr holds a line Sightline does not print: ${JSON.stringify(line)}`,
    );
  }
}

function detailsFile(stderr: string): string | undefined {
  return /\(details in (\S+)\)$/m.exec(stderr)?.[1];
}

test('ask on the default device prints only Sightline’s lines on stderr and the answer on stdout', async () => {
  const result = await ask([], await mkdtemp(path.join(os.tmpdir(), 'sightline-cli-tmp-')));
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.trim().length > 0, 'an answer on stdout');
  assert.doesNotMatch(result.stdout, nativeText);
  assertOnlySightline(result.stderr);
  assert.match(result.stderr, /^smolvlm on \w+ \(\w+\)$/m, 'the device report');
  // A log is named only when it holds something.
  const file = detailsFile(result.stderr);
  if (file) assert.ok((await readFile(file, 'utf8')).trim().length > 0, `${file} holds the details`);
});

test(
  'ask --provider cuda without CUDA says why in Sightline’s words and keeps onnxruntime’s errors in the log',
  {
    skip: cudaInstalled,
  },
  async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'sightline-cli-tmp-'));
    const result = await ask(['--provider', 'cuda'], tmp);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.trim().length > 0, 'an answer on stdout');
    assertOnlySightline(result.stderr);
    assert.match(result.stderr, /^smolvlm on CPU \((int8|fp32)\)$/m);
    assert.match(
      result.stderr,
      /^Running on CPU\. CUDA could not start: onnxruntime's CUDA provider or the CUDA 12 and cuDNN 9 libraries it needs could not be loaded\. \(details in \S+\)$/m,
    );
    const file = detailsFile(result.stderr);
    assert.ok(file, 'the log is named');
    assert.equal(path.dirname(file), tmp, 'the log is in the temp folder');
    const log = await readFile(file, 'utf8');
    assert.match(log, /\[E:onnxruntime:.*Failed to load library/, 'onnxruntime’s own error is in the log');
    assert.doesNotMatch(log, escape, 'the log file has no colour codes');
  },
);

test(
  'ask --verbose shows the native output live, and the answer stays alone on stdout',
  { skip: cudaInstalled },
  async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'sightline-cli-tmp-'));
    const result = await ask(['--provider', 'cuda', '--verbose'], tmp);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\[E:onnxruntime:.*Failed to load library/);
    assert.match(result.stderr, /^smolvlm on CPU \((int8|fp32)\)$/m);
    assert.ok(result.stdout.trim().length > 0, 'an answer on stdout');
    assert.doesNotMatch(result.stdout, nativeText);
    // Shown live and kept: the log holds it too.
    const file = detailsFile(result.stderr);
    assert.ok(file && existsSync(file), 'the log is named and there');
    assert.match(await readFile(file, 'utf8'), /\[E:onnxruntime:.*Failed to load library/);
  },
);

test('ask on the CPU, where nothing fails, names no log and leaves none behind', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sightline-cli-tmp-'));
  const result = await ask(['--device', 'cpu'], tmp);
  assert.equal(result.code, 0, result.stderr);
  assertOnlySightline(result.stderr);
  assert.doesNotMatch(result.stderr, /details in/);
  assert.deepEqual(await readdir(tmp), [], 'the empty log was removed');
});
