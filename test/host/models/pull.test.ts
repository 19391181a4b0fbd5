import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readModelFolder } from '../../../engine/model-folder.js';
import {
  installedModelDir,
  listInstalledModels,
  listPartialDownloads,
  type PullOptions,
  type PullProgress,
} from '../../../host/models/index.js';
import type { FakeHub } from '../../support/fake-hub.js';
import { loadCatalog } from '../../../host/models/catalog.js';
import { pullTinyModel, startTinyHub, tinyEntry, tinyId, tinyRevision } from '../../support/tiny-catalog.js';

// The downloader against a hub on 127.0.0.1 that serves the tiny model's real
// files and drops, stalls or refuses on demand.
let hub: FakeHub;
const roots: string[] = [];

before(async () => {
  hub = await startTinyHub({ pageSize: 6 });
});
after(async () => {
  await hub.close();
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function freshRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sightline-models-'));
  roots.push(root);
  return root;
}

function reset() {
  for (const key of Object.keys(hub.faults)) delete hub.faults[key as keyof typeof hub.faults];
  hub.requests.length = 0;
}

const size = (name: string) => hub.files.find((file) => file.path === name)!.bytes.length;
const decoder = 'onnx/decoder_model_merged.onnx';

const pull = (root: string, extra: Partial<PullOptions> = {}) => pullTinyModel(hub, root, extra);

test('a full pull installs a folder the engine accepts, with a manifest and progress for the whole model', async () => {
  reset();
  const root = await freshRoot();
  const events: PullProgress[] = [];
  const result = await pull(root, { onProgress: (progress) => events.push(progress) });
  assert.equal(result.dir, installedModelDir(root, tinyId, 'fp32'));
  assert.equal(result.alreadyInstalled, false);
  const folder = await readModelFolder(result.dir);
  assert.equal(folder.family, 'smolvlm');
  assert.ok(folder.availableDtypes.includes('fp32'));
  // Only the dtype's files were fetched: no other dtype's graph was requested.
  const fetched = new Set(hub.requests.filter((r) => r.kind !== 'tree').map((r) => r.path));
  assert.deepEqual([...fetched].sort(), result.manifest.files.map((file) => file.path).sort());
  assert.ok(!fetched.has('onnx/decoder_model_merged_q4.onnx'));
  // The listing was paginated and every page was read.
  assert.ok(hub.requests.filter((r) => r.kind === 'tree').length > 1);
  const total = result.manifest.files.reduce((sum, file) => sum + file.size, 0);
  const last = events.at(-1)!;
  assert.equal(last.phase, 'done');
  assert.equal(last.bytesDone, total);
  assert.equal(last.bytesTotal, total);
  const phases = events.map((event) => event.phase).filter((phase, i, all) => phase !== all[i - 1]);
  assert.deepEqual(phases, ['listing', 'downloading', 'installing', 'done']);
  // Installed, nothing left in staging.
  assert.deepEqual(await listPartialDownloads(root), []);
  const installed = await listInstalledModels(root);
  assert.deepEqual(
    installed.map((model) => [model.id, model.dtype, model.bytes]),
    [[tinyId, 'fp32', total]],
  );
  // A second pull finds it installed and fetches nothing.
  hub.requests.length = 0;
  const again = await pull(root);
  assert.equal(again.alreadyInstalled, true);
  assert.equal(hub.requests.length, 0);
});

test('a connection cut mid-file resumes with a Range request instead of starting over', async () => {
  reset();
  const root = await freshRoot();
  const cutAt = Math.floor(size(decoder) * 0.8);
  hub.faults.cut = { path: decoder, afterBytes: cutAt, times: 1 };
  const retries: string[] = [];
  const result = await pull(root, { onRetry: (message) => retries.push(message) });
  await readModelFolder(result.dir);
  const requests = hub.contentRequestsFor(decoder);
  assert.equal(requests.length, 2, 'one cut request, one resumed request');
  // The resumed request starts where the bytes that reached the disk end (a cut loses what was in flight).
  const resumedAt = Number(/^bytes=(\d+)-$/.exec(requests[1]!.range ?? '')?.[1]);
  assert.ok(resumedAt > 0 && resumedAt <= cutAt, `resumed at ${resumedAt}`);
  // Fetched again: what was in flight when the cut came (a socket's buffers, more on a busy machine),
  // never the file from its start.
  const refetched = hub.bytesSentFor(decoder) - size(decoder);
  assert.ok(refetched <= cutAt - resumedAt, `re-fetched ${refetched} bytes, resumed at ${resumedAt} of ${cutAt}`);
  assert.ok(refetched < size(decoder) / 2, `re-fetched ${refetched} bytes of a ${size(decoder)}-byte file`);
  assert.equal(retries.length, 1);
  assert.match(retries[0]!, new RegExp(decoder));
});

test('a server that stalls is abandoned after the stall timeout and the file resumes', async () => {
  reset();
  const root = await freshRoot();
  hub.faults.stall = { path: decoder, afterBytes: 100_000, times: 1 };
  const started = Date.now();
  const result = await pull(root);
  await readModelFolder(result.dir);
  assert.ok(Date.now() - started < 5_000);
  const requests = hub.contentRequestsFor(decoder);
  assert.equal(requests.length, 2);
  assert.equal(requests[1]!.range, 'bytes=100000-');
});

test('a server that keeps stalling ends in a timeout error that says so', async () => {
  reset();
  const root = await freshRoot();
  hub.faults.stall = { path: decoder, afterBytes: 0, times: 99 };
  await assert.rejects(pull(root), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /stopped sending onnx\/decoder_model_merged\.onnx/);
    assert.match(error.message, /resumes where it stopped/);
    return true;
  });
  assert.deepEqual(await listInstalledModels(root), []);
});

test('HTTP 500 answers are retried with backoff, and the pull completes', async () => {
  reset();
  const root = await freshRoot();
  hub.faults.status = { path: decoder, code: 500, times: 2 };
  const result = await pull(root);
  await readModelFolder(result.dir);
  assert.equal(hub.requests.filter((r) => r.path === decoder && r.status === 500).length, 2);
});

test('a server that keeps answering 500 fails with a server error naming the file', async () => {
  reset();
  const root = await freshRoot();
  hub.faults.status = { path: decoder, code: 503, times: 99 };
  await assert.rejects(pull(root), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'server');
    assert.match(error.message, /HTTP 503 for onnx\/decoder_model_merged\.onnx/);
    return true;
  });
  assert.deepEqual(await listInstalledModels(root), []);
});

test('two pulls of one model share one download: each file is requested once', async () => {
  reset();
  const root = await freshRoot();
  hub.faults.throttle = { chunkBytes: 32 * 1024, delayMs: 2 };
  const seenA: PullProgress[] = [];
  const seenB: PullProgress[] = [];
  const [a, b] = await Promise.all([
    pull(root, { onProgress: (p) => seenA.push(p) }),
    pull(root, { onProgress: (p) => seenB.push(p) }),
  ]);
  assert.equal(a.dir, b.dir);
  await readModelFolder(a.dir);
  for (const file of a.manifest.files) {
    assert.equal(hub.contentRequestsFor(file.path).length, 1, `${file.path} requested once`);
  }
  const pages = Math.ceil(hub.files.length / 6);
  assert.equal(hub.requests.filter((r) => r.kind === 'tree').length, pages, 'the file list was fetched once');
  assert.equal(seenA.at(-1)!.phase, 'done');
  assert.equal(seenB.at(-1)!.phase, 'done');
});

test('cancel stops at once, leaves no model visible, and the next pull resumes from staging', async () => {
  reset();
  const root = await freshRoot();
  hub.faults.throttle = { chunkBytes: 8 * 1024, delayMs: 10 };
  const controller = new AbortController();
  let abortedAt = 0;
  const pending = pull(root, {
    signal: controller.signal,
    onProgress: (progress) => {
      if (progress.file === decoder && progress.bytesDone > 0 && !controller.signal.aborted) {
        const part = progress.bytesDone;
        if (part > 0) {
          abortedAt = Date.now();
          controller.abort();
        }
      }
    },
  });
  await assert.rejects(pending, (error: Error & { code?: string }) => error.code === 'cancelled');
  assert.ok(Date.now() - abortedAt < 500, 'rejected at once');
  assert.deepEqual(await listInstalledModels(root), []);
  await assert.rejects(readdir(installedModelDir(root, tinyId, 'fp32')), /ENOENT/);
  const partials = await listPartialDownloads(root);
  assert.equal(partials.length, 1);
  assert.ok(partials[0]!.bytesOnDisk > 0);

  hub.requests.length = 0;
  delete hub.faults.throttle;
  const result = await pull(root);
  await readModelFolder(result.dir);
  const sentAfterResume = result.manifest.files.reduce((sum, file) => sum + hub.bytesSentFor(file.path), 0);
  assert.ok(sentAfterResume < result.bytes, 'the second pull fetched only what was missing');
  assert.deepEqual(await listPartialDownloads(root), []);
});

test('one of two pulls cancelling leaves the other to finish', async () => {
  reset();
  const root = await freshRoot();
  hub.faults.throttle = { chunkBytes: 16 * 1024, delayMs: 2 };
  const controller = new AbortController();
  const first = pull(root, { signal: controller.signal });
  const second = pull(root);
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(first, (error: Error & { code?: string }) => error.code === 'cancelled');
  const result = await second;
  await readModelFolder(result.dir);
  const manifest = JSON.parse(await readFile(path.join(result.dir, 'sightline-model.json'), 'utf8')) as {
    revision: string;
  };
  assert.equal(manifest.revision, tinyRevision);
});

test('a catalog update to a new revision replaces the installed folder, and old partial bytes are dropped', async () => {
  reset();
  const root = await freshRoot();
  await pull(root, { dtype: 'q4' });
  // A partial download of the old revision, as a cancelled pull would leave it.
  hub.faults.throttle = { chunkBytes: 8 * 1024, delayMs: 10 };
  const controller = new AbortController();
  const cancelled = pull(root, { dtype: 'q8', signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(cancelled);
  delete hub.faults.throttle;
  assert.equal((await listPartialDownloads(root)).length, 1);

  const newRevision = 'fedcba9876543210fedcba9876543210fedcba98';
  const newHub = await startTinyHub({ revision: newRevision });
  try {
    const catalog = loadCatalog([{ ...tinyEntry(hub.files), revision: newRevision }], tinyId);
    for (const dtype of ['q4', 'q8'] as const) {
      const result = await pull(root, { dtype, catalog, hub: { endpoint: newHub.endpoint } });
      assert.equal(result.alreadyInstalled, false);
      assert.equal(result.manifest.revision, newRevision);
      assert.equal(result.dir, installedModelDir(root, tinyId, dtype));
      await readModelFolder(result.dir);
    }
  } finally {
    await newHub.close();
  }
  const installed = await listInstalledModels(root);
  assert.deepEqual(
    installed.map((model) => [model.dtype, model.manifest.revision]),
    [
      ['q4', newRevision],
      ['q8', newRevision],
    ],
  );
  assert.deepEqual(await listPartialDownloads(root), []);
  assert.deepEqual(await readdir(path.join(root, '.trash')), []);
});

test('a pull whose signal is already aborted starts nothing', async () => {
  reset();
  const root = await freshRoot();
  await assert.rejects(pull(root, { signal: AbortSignal.abort() }), (error: Error & { code?: string }) => {
    return error.code === 'cancelled';
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(hub.requests.length, 0);
  assert.deepEqual(await listPartialDownloads(root), []);
});
