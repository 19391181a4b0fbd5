import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readModelFolder } from '../../../engine/model-folder.js';
import {
  installedModelDir,
  listInstalledModels,
  listPartialDownloads,
  verifyInstalledModel,
  type PullOptions,
} from '../../../host/models/index.js';
import { lockPath } from '../../../host/models/layout.js';
import { installNetworkGuard } from '../../support/network-guard.js';
import type { FakeHub } from '../../support/fake-hub.js';
import { pullTinyModel, startTinyHub, tinyId } from '../../support/tiny-catalog.js';

// Every way a pull can fail, each with an error a user can act on, and after
// each the model installed before it still loads and lists.
let hub: FakeHub;
let root: string;
let baselineDir: string;

before(async () => {
  hub = await startTinyHub({ separateCdn: true });
  root = await mkdtemp(path.join(os.tmpdir(), 'sightline-models-fail-'));
  baselineDir = (await pull({ dtype: 'q8' })).dir;
});
after(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(async () => {
  // The model installed before the failure still loads and lists; the failed one is nowhere.
  const folder = await readModelFolder(baselineDir);
  assert.ok(folder.availableDtypes.includes('q8'));
  const installed = await listInstalledModels(root);
  assert.ok(installed.some((model) => model.dir === baselineDir && model.dtype === 'q8'));
  await assert.rejects(readdir(installedModelDir(root, tinyId, 'fp32')), /ENOENT/);
  // Each test starts from nothing downloaded.
  await rm(path.join(root, '.staging'), { recursive: true, force: true });
  for (const key of Object.keys(hub.faults)) delete hub.faults[key as keyof typeof hub.faults];
  hub.requests.length = 0;
});

const pull = (extra: Partial<PullOptions> = {}) => pullTinyModel(hub, root, extra);

type CodedError = Error & { code?: string };
const decoder = 'onnx/decoder_model_merged.onnx';

test('a revision the hub does not have (404 on the listing) is reported as not found', async () => {
  hub.faults.status = { path: 'tree', code: 404, times: 1 };
  await assert.rejects(pull(), (error: CodedError) => {
    assert.equal(error.code, 'not-found');
    assert.match(error.message, /file list of sightline-tests\/tiny-smolvlm at revision 0123456789ab \(HTTP 404\)/);
    assert.match(error.message, /update Sightline/);
    return true;
  });
});

test('a file the hub answers 404 for is named in the error', async () => {
  hub.faults.status = { path: decoder, code: 404, times: 1 };
  await assert.rejects(pull(), (error: CodedError) => {
    assert.equal(error.code, 'not-found');
    assert.match(error.message, /onnx\/decoder_model_merged\.onnx of sightline-tests\/tiny-smolvlm/);
    return true;
  });
});

test('a gated repository: 401 without a token says to set HF_TOKEN', async () => {
  hub.faults.requireToken = 'hf_right_token';
  await assert.rejects(pull(), (error: CodedError) => {
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /HTTP 401/);
    assert.match(error.message, /set HF_TOKEN/);
    return true;
  });
});

test('a rejected token: 401 says the token is wrong and never prints it', async () => {
  hub.faults.requireToken = 'hf_right_token';
  await assert.rejects(pull({ hub: { endpoint: hub.endpoint, token: 'hf_wrong_secret' } }), (error: CodedError) => {
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /rejected the access token/);
    assert.doesNotMatch(error.message + String(error.stack), /hf_wrong_secret/);
    return true;
  });
});

test('with the right token the gated model downloads; the token goes to the hub, never to its CDN', async () => {
  hub.faults.requireToken = 'hf_right_token';
  // (The fake's CDN needs no token; the real one takes signed URLs.)
  const result = await pull({ dtype: 'fp16', hub: { endpoint: hub.endpoint, token: 'hf_right_token' } });
  await readModelFolder(result.dir);
  const toHub = hub.requests.filter((request) => request.kind !== 'cdn');
  const toCdn = hub.requests.filter((request) => request.kind === 'cdn');
  assert.ok(toHub.length > 0 && toCdn.length > 0);
  assert.ok(toHub.every((request) => request.authorization === 'Bearer hf_right_token'));
  assert.ok(
    toCdn.every((request) => request.authorization === undefined),
    'the redirect to another origin drops it',
  );
  assert.doesNotMatch(JSON.stringify(result), /hf_right_token/);
  await rm(result.dir, { recursive: true });
});

test('a file whose bytes do not match the published SHA-256 is discarded and named', async () => {
  hub.faults.corrupt = { path: decoder };
  await assert.rejects(pull(), (error: CodedError) => {
    assert.equal(error.code, 'checksum');
    assert.match(
      error.message,
      /onnx\/decoder_model_merged\.onnx of sightline-tests\/tiny-smolvlm does not match the sha256/,
    );
    assert.match(error.message, /was deleted/);
    return true;
  });
  const [partial] = await listPartialDownloads(root);
  const onnxDir = await readdir(path.join(partial!.dir, 'onnx'));
  assert.ok(!onnxDir.some((name) => name.startsWith('decoder_model_merged')), 'no trace of the bad file');
  assert.ok(onnxDir.includes('vision_encoder.onnx'), 'the good files stay for the next try');
});

test('a git-stored file is checked against its git blob id', async () => {
  hub.faults.corrupt = { path: 'tokenizer.json' };
  await assert.rejects(pull(), (error: CodedError) => {
    assert.equal(error.code, 'checksum');
    assert.match(error.message, /tokenizer\.json .* does not match the git-blob-sha1/);
    return true;
  });
});

test('not enough disk space is refused before the first byte, with the numbers', async () => {
  await assert.rejects(pull({ freeSpace: async () => 5_000_000 }), (error: CodedError) => {
    assert.equal(error.code, 'disk-full');
    assert.match(error.message, /needs \d+ kB more \(plus 100 MB to spare\) and .* has 5\.0 MB free/);
    return true;
  });
  assert.deepEqual(
    hub.requests.filter((request) => request.kind !== 'tree'),
    [],
    'no file was requested',
  );
});

test('no connection: a plain offline error, and installed models list and verify without the network', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  await assert.rejects(pull({ hub: { endpoint: `http://127.0.0.1:${port}` } }), (error: CodedError) => {
    assert.equal(error.code, 'offline');
    assert.match(error.message, new RegExp(`^No connection to 127\\.0\\.0\\.1:${port}: installed models keep working`));
    assert.match(error.message, new RegExp(`HF_ENDPOINT is http://127\\.0\\.0\\.1:${port}`));
    return true;
  });
  const guard = installNetworkGuard();
  try {
    assert.equal((await listInstalledModels(root)).length, 1);
    const report = await verifyInstalledModel(root, tinyId, 'q8');
    assert.equal(report.ok, true);
    assert.deepEqual(guard.attempts, []);
  } finally {
    guard.uninstall();
  }
});

test('another live process downloading the same model makes the pull say so', async () => {
  await mkdir(path.join(root, '.staging'), { recursive: true });
  const lock = lockPath(root, tinyId, 'fp32');
  await writeFile(lock, String(process.ppid)); // the test runner: alive, and not this process
  try {
    await assert.rejects(pull(), (error: CodedError) => {
      assert.equal(error.code, 'busy');
      assert.match(error.message, new RegExp(`pid ${process.ppid}`));
      return true;
    });
  } finally {
    await rm(lock, { force: true });
  }
});
