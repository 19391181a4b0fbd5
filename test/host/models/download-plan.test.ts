import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../../host/models/catalog.js';
import { isExternalDataOf } from '../../../host/models/download-plan.js';
import { isModelError, listInstalledModels, listPartialDownloads } from '../../../host/models/index.js';
import type { CatalogEntry } from '../../../common/catalog-schema.js';
import type { FakeHub } from '../../support/fake-hub.js';
import { pullTinyModel, startTinyHub, tinyEntry, tinyId } from '../../support/tiny-catalog.js';

// Which files a pull fetches. The catalog is the trust root: a file it pins
// must be listed by the hub (or a mirror) with the pinned SHA-256 and size,
// or nothing is downloaded.
let hub: FakeHub;
const roots: string[] = [];
const decoder = 'onnx/decoder_model_merged.onnx';

before(async () => {
  hub = await startTinyHub();
});
after(async () => {
  await hub.close();
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function freshRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sightline-pins-'));
  roots.push(root);
  return root;
}

function withPins(pins: CatalogEntry['pins']): CatalogEntry {
  return { ...tinyEntry(hub.files), pins };
}

function pull(root: string, entry: CatalogEntry) {
  return pullTinyModel(hub, root, { catalog: loadCatalog([entry], tinyId) });
}

const fileOf = (name: string) => hub.files.find((file) => file.path === name)!;

test('files listed with their pinned SHA-256 and size are installed', async () => {
  const root = await freshRoot();
  const pinned = fileOf(decoder);
  await pull(root, withPins({ [decoder]: { sha256: pinned.sha256, bytes: pinned.bytes.length } }));
  assert.deepEqual(
    (await listInstalledModels(root)).map((model) => model.id),
    [tinyId],
  );
});

test('a listing that disagrees with a pinned SHA-256 is refused before any download, saying which file and why', async () => {
  const root = await freshRoot();
  hub.requests.length = 0;
  const wrong = 'ab'.repeat(32);
  await assert.rejects(pull(root, withPins({ [decoder]: { sha256: wrong } })), (error: Error) => {
    assert.ok(isModelError(error, 'pin-mismatch'), String(error));
    assert.match(error.message, /lists onnx\/decoder_model_merged\.onnx of sightline-tests\/tiny-smolvlm/);
    assert.match(error.message, /where Sightline pins abababababab…/);
    assert.match(error.message, /nothing was downloaded/);
    return true;
  });
  assert.deepEqual(
    hub.requests.filter((request) => request.kind !== 'tree'),
    [],
    'no file was requested',
  );
  assert.deepEqual(await listInstalledModels(root), []);
  assert.deepEqual(await listPartialDownloads(root), []);
});

test('a listing whose size disagrees with the pinned size is refused too', async () => {
  const root = await freshRoot();
  const pinned = fileOf(decoder);
  await assert.rejects(
    pull(root, withPins({ [decoder]: { sha256: pinned.sha256, bytes: pinned.bytes.length + 1 } })),
    (error: Error) => isModelError(error, 'pin-mismatch') && /bytes where Sightline pins/.test(error.message),
  );
});

test('external-data files belong to their graph only', () => {
  assert.ok(isExternalDataOf('onnx/decoder_model_merged.onnx_data', 'onnx/decoder_model_merged.onnx'));
  assert.ok(isExternalDataOf('onnx/decoder_model_merged.onnx_data_2', 'onnx/decoder_model_merged.onnx'));
  assert.ok(!isExternalDataOf('onnx/decoder_model_merged_q4.onnx', 'onnx/decoder_model_merged.onnx'));
  assert.ok(!isExternalDataOf('onnx/decoder_model_merged.onnx_data', 'onnx/decoder_model_merged_fp16.onnx'));
});
