import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { readModelFolder } from '../../engine/model-folder.js';
import { modelsCommand, type ModelsCommandDeps } from '../../cli/models-command.js';
import { formatBytes } from '../../host/models/format.js';
import { listInstalledModels } from '../../host/models/index.js';
import { installNetworkGuard } from '../support/network-guard.js';
import type { FakeHub } from '../support/fake-hub.js';
import { fastRetry, startTinyHub, tinyCatalog, tinyEntry, tinyId } from '../support/tiny-catalog.js';

// `sightline models ...` as the CLI will run it: argv after "models", real
// streams, exit codes; the hub is the fake one, through HF_ENDPOINT.
let hub: FakeHub;
let root: string;

before(async () => {
  hub = await startTinyHub();
  root = await mkdtemp(path.join(os.tmpdir(), 'sightline-models-cli-'));
});
after(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

async function run(argv: string[], options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const deps: ModelsCommandDeps = {
    env: options.env ?? { HF_ENDPOINT: hub.endpoint },
    catalog: tinyCatalog(hub.files),
    retry: fastRetry,
  };
  const code = await modelsCommand(argv, { stdout, stderr, isTTY: options.isTTY ?? false }, deps);
  return { code, stdout: out, stderr: err };
}

test('usage errors exit 2 with the usage; --help exits 0', async () => {
  const missing = await run([]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Missing command[\s\S]*Usage: sightline models/);
  assert.equal((await run(['pull'])).code, 2);
  assert.equal((await run(['pull', tinyId, '--dtype', 'fp64'])).code, 2);
  assert.equal((await run(['frobnicate'])).code, 2);
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /pull <id>/);
});

test('list shows the catalog and works without the network', async () => {
  const guard = installNetworkGuard();
  try {
    const result = await run(['list', '--models-dir', root]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`${tinyId} \\(default\\)`));
    assert.match(result.stdout, /smolvlm-256m-instruct {2}SmolVLM 256M Instruct/);
    assert.match(result.stdout, /not installed/);
    assert.deepEqual(guard.attempts, []);
  } finally {
    guard.uninstall();
  }
});

test('--catalog adds the models of a catalog file, pulled through the same verified download; a missing file says so', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-catalog-file-'));
  try {
    const file = path.join(dir, 'company.json');
    await writeFile(
      file,
      JSON.stringify({ defaultModel: 'company-vlm', models: [tinyEntry(hub.files, 'company-vlm')] }),
    );
    const listed = await run(['list', '--catalog', file, '--models-dir', dir]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /company-vlm \(default\) {2}Tiny SmolVLM \(company-vlm\)/);
    assert.match(listed.stdout, /smolvlm-256m-instruct/, 'the built-in models stay');
    const pulled = await run(['pull', 'company-vlm', '--dtype', 'fp32', '--catalog', file, '--models-dir', dir]);
    assert.equal(pulled.code, 0, pulled.stderr);
    await readModelFolder(pulled.stdout.trim());

    const missing = await run(['list', '--catalog', path.join(dir, 'nope.json'), '--models-dir', dir]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /The catalog file .*nope\.json cannot be read/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('pull without a terminal prints plain progress lines and the installed folder on stdout', async () => {
  const result = await run(['pull', tinyId, '--dtype', 'fp32', '--models-dir', root]);
  assert.equal(result.code, 0, result.stderr);
  const dir = result.stdout.trim();
  assert.equal(dir, path.join(root, tinyId, 'fp32'));
  await readModelFolder(dir);
  assert.match(result.stderr, /^Listing files\nDownloading 7\d\d kB\n/);
  assert.match(result.stderr, /\n100% \(7\d\d kB of 7\d\d kB/);
  assert.match(result.stderr, /Installed Tiny SmolVLM \(tiny-smolvlm\) \(fp32, 7\d\d kB\)\.\n$/);
  assert.doesNotMatch(result.stderr, /\r/);
  const list = await run(['list', '--models-dir', root]);
  assert.match(list.stdout, /installed: fp32 \(7\d\d kB\)/);
});

test('pull on a terminal draws one bar in place', async () => {
  hub.faults.throttle = { chunkBytes: 16 * 1024, delayMs: 5 }; // slow enough for the bar to be drawn
  const result = await run(['pull', tinyId, '--models-dir', root], { isTTY: true });
  delete hub.faults.throttle;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), path.join(root, tinyId, 'q8'), 'the CPU recommendation by default');
  assert.ok(result.stderr.includes('\r\u001b[2K'), 'the line is cleared and redrawn');
  assert.match(result.stderr, /\[#+-*\] \d+%/);
  const again = await run(['pull', tinyId, '--models-dir', root], { isTTY: true });
  assert.match(again.stderr, /already installed/);
});

test('verify passes, then names the damaged file and exits 1', async () => {
  const ok = await run(['verify', tinyId, '--models-dir', root]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /tiny-smolvlm \(fp32\): all 11 files match/);
  assert.match(ok.stdout, /tiny-smolvlm \(q8\): all 11 files match/);

  const handle = await open(path.join(root, tinyId, 'q8', 'onnx', 'vision_encoder_quantized.onnx'), 'r+');
  await handle.write(Buffer.from([0x42]), 0, 1, 4096);
  await handle.close();
  const bad = await run(['verify', tinyId, '--dtype', 'q8', '--models-dir', root]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /onnx\/vision_encoder_quantized\.onnx does not match its sha256/);
  assert.match(
    bad.stderr,
    /sightline models rm tiny-smolvlm --dtype q8 && sightline models pull tiny-smolvlm --dtype q8/,
  );
});

test('rm removes a dtype; rm of something not installed fails plainly', async () => {
  const installed = (await listInstalledModels(root)).find((model) => model.id === tinyId && model.dtype === 'q8');
  assert.ok(installed);
  const result = await run(['rm', tinyId, '--dtype', 'q8', '--models-dir', root]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `Removed tiny-smolvlm (q8, ${formatBytes(installed.bytes)}).\n`);
  const again = await run(['rm', tinyId, '--dtype', 'q8', '--models-dir', root]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /not installed/);
  await readModelFolder(path.join(root, tinyId, 'fp32'));
});

test('a rejected HF_TOKEN fails with advice and the token appears nowhere in the output', async () => {
  hub.faults.requireToken = 'hf_the_right_one';
  try {
    const result = await run(['pull', tinyId, '--dtype', 'fp16', '--models-dir', root], {
      env: { HF_ENDPOINT: hub.endpoint, HF_TOKEN: 'hf_secret_value_123' },
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /rejected the access token .* HF_TOKEN/);
    assert.doesNotMatch(result.stdout + result.stderr, /hf_secret_value_123/);
  } finally {
    delete hub.faults.requireToken;
  }
});

test('no connection: pull says so and exits 1; unknown ids list the known ones', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const offline = await run(['pull', tinyId, '--dtype', 'fp16', '--models-dir', root], {
    env: { HF_ENDPOINT: `http://127.0.0.1:${port}` },
  });
  assert.equal(offline.code, 1);
  assert.match(offline.stderr, /No connection to 127\.0\.0\.1:\d+: installed models keep working/);
  const unknown = await run(['pull', 'gpt-17', '--models-dir', root]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no model "gpt-17".*tiny-smolvlm/);
});
