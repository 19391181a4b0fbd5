import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readModelFolder } from '../../../engine/model-folder.js';
import { optionalConfigFiles } from '../../../common/model-files.js';
import {
  findInstalledModel,
  installedModelDir,
  listInstalledModels,
  listPartialDownloads,
  removeModel,
  verifyInstalledModel,
} from '../../../host/models/index.js';
import { stagingDir } from '../../../host/models/layout.js';
import type { FakeFile } from '../../support/fake-hub.js';
import { pullTinyModel, startTinyHub, tinyCatalog, tinyId, tinyRevision } from '../../support/tiny-catalog.js';

// Installed models: listed with sizes, re-verified byte for byte, deleted
// without ever leaving half a folder. All offline.
let files: FakeFile[];
let root: string;

before(async () => {
  const hub = await startTinyHub();
  files = hub.files;
  root = await mkdtemp(path.join(os.tmpdir(), 'sightline-models-installed-'));
  for (const dtype of ['q8', 'fp16'] as const) await pullTinyModel(hub, root, { dtype });
  await hub.close(); // everything below runs without a hub
});
after(() => rm(root, { recursive: true, force: true }));

test('list shows each installed dtype with its size and manifest', async () => {
  const installed = await listInstalledModels(root);
  assert.deepEqual(
    installed.map((model) => [model.id, model.dtype]),
    [
      [tinyId, 'fp16'],
      [tinyId, 'q8'],
    ],
  );
  for (const model of installed) {
    assert.equal(model.manifest.revision, tinyRevision);
    // The catalog's files plus the optional config files the repo has (chat template, processor config).
    const required = tinyCatalog(files).models.find((m) => m.id === tinyId)!.dtypes[model.dtype]!.bytes;
    const optional = optionalConfigFiles.reduce(
      (sum, name) => sum + (files.find((file) => file.path === name)?.bytes.length ?? 0),
      0,
    );
    assert.ok(optional > 0);
    assert.equal(model.bytes, required + optional);
  }
});

test('a folder without a manifest, or with another model in it, is not an installed model', async () => {
  const stray = installedModelDir(root, 'not-a-download', 'q4');
  await mkdir(stray, { recursive: true });
  await writeFile(path.join(stray, 'config.json'), '{}');
  await mkdir(path.join(root, 'Random Folder'), { recursive: true });
  const ids = (await listInstalledModels(root)).map((model) => model.id);
  assert.ok(!ids.includes('not-a-download'));
  await rm(path.dirname(stray), { recursive: true });
});

test('findInstalledModel picks the asked dtype, else the first preferred one installed', async () => {
  assert.equal((await findInstalledModel(root, tinyId, { dtype: 'q8' }))?.dtype, 'q8');
  assert.equal(await findInstalledModel(root, tinyId, { dtype: 'q4' }), undefined);
  assert.equal((await findInstalledModel(root, tinyId, { preferred: ['q4', 'fp16', 'q8'] }))?.dtype, 'fp16');
  assert.equal(await findInstalledModel(root, 'smolvlm-256m-instruct'), undefined);
  assert.throws(() => installedModelDir(root, '../escape', 'q8'), /not a model id/);
});

test('verify passes an intact model and names the file after one byte is flipped', async () => {
  const good = await verifyInstalledModel(root, tinyId, 'fp16');
  assert.equal(good.ok, true);
  // 8 required files and the 3 optional ones the tiny model has.
  assert.equal(good.filesChecked, 11);

  const dir = installedModelDir(root, tinyId, 'fp16');
  const target = path.join(dir, 'onnx', 'embed_tokens_fp16.onnx');
  const handle = await open(target, 'r+');
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, 1000);
  byte[0] = byte[0]! ^ 0x01;
  await handle.write(byte, 0, 1, 1000);
  await handle.close();

  const bad = await verifyInstalledModel(root, tinyId, 'fp16');
  assert.equal(bad.ok, false);
  assert.deepEqual(
    bad.problems.map((problem) => [problem.file, problem.problem]),
    [['onnx/embed_tokens_fp16.onnx', 'checksum']],
  );
  assert.match(bad.problems[0]!.detail, /sha256/);

  await rm(path.join(dir, 'tokenizer.json'));
  const missing = await verifyInstalledModel(root, tinyId, 'fp16');
  assert.ok(missing.problems.some((problem) => problem.file === 'tokenizer.json' && problem.problem === 'missing'));
  // The other dtype is untouched by all this.
  assert.equal((await verifyInstalledModel(root, tinyId, 'q8')).ok, true);
});

test('verify of a model that is not installed says so', async () => {
  await assert.rejects(verifyInstalledModel(root, tinyId, 'q4'), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'not-installed');
    return true;
  });
});

test('rm deletes one dtype in one step and leaves the other loading', async () => {
  const result = await removeModel(root, tinyId, 'fp16');
  assert.deepEqual(
    result.removed.map((model) => model.dtype),
    ['fp16'],
  );
  await assert.rejects(readdir(installedModelDir(root, tinyId, 'fp16')), /ENOENT/);
  await readModelFolder(installedModelDir(root, tinyId, 'q8'));
  assert.deepEqual(await readdir(path.join(root, '.trash')), [], 'nothing left in the trash');
});

test('rm of a whole model also deletes its partial downloads, and then says there is nothing left', async () => {
  const staging = stagingDir(root, tinyId, 'q4', tinyRevision);
  await mkdir(path.join(staging, 'onnx'), { recursive: true });
  await writeFile(path.join(staging, 'onnx', 'decoder_model_merged_q4.onnx.part'), Buffer.alloc(1000));
  assert.equal((await listPartialDownloads(root))[0]?.bytesOnDisk, 1000);
  const result = await removeModel(root, tinyId);
  assert.deepEqual(
    result.removed.map((model) => model.dtype),
    ['q8'],
  );
  assert.equal(result.partials.length, 1);
  assert.deepEqual(await listInstalledModels(root), []);
  assert.deepEqual(await listPartialDownloads(root), []);
  await assert.rejects(removeModel(root, tinyId), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'not-installed');
    return true;
  });
});
