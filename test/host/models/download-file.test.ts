import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseContentRange } from '../../../host/models/download-file.js';
import { isModelError, listInstalledModels } from '../../../host/models/index.js';
import type { FakeHub } from '../../support/fake-hub.js';
import { fastRetry, pullTinyModel, startTinyHub, tinyRevision } from '../../support/tiny-catalog.js';

// One file's download: a resumed answer's Content-Range, and a body read that
// never settles, even when the download is cancelled (as fetch's did once on
// a busy machine): the cancelled download must still let go of its files, or
// the next download of that model waits for it for good.
let hub: FakeHub;
let root: string;

before(async () => {
  hub = await startTinyHub();
  root = await mkdtemp(path.join(os.tmpdir(), 'sightline-download-file-'));
});
after(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

let bodyStarted: () => void = () => {};

/** The hub's listing as it is; every file's body sends a first chunk, then nothing, whatever aborts. */
const deafBodies: typeof fetch = async (input, init) => {
  const url = String(input);
  if (!url.includes('/resolve/')) return fetch(input, init);
  let sent = false;
  const file = hub.files.find((candidate) => url.endsWith(`/${candidate.path}`));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        // The file's own first bytes: a resumed download continues from them.
        controller.enqueue(new Uint8Array(file?.bytes.subarray(0, 16) ?? []));
        bodyStarted();
        return;
      }
      return new Promise<void>(() => {});
    },
  });
  return new Response(body, { status: 200, headers: { 'content-length': String(file?.bytes.length ?? 0) } });
};

/** Fails the test, rather than hanging it, when `promise` has not settled once everything else has. */
function settles<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const never = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} never settled`)), 20_000);
  });
  return Promise.race([promise, never]).finally(() => clearTimeout(timer));
}

test('a cancelled download whose body read never returns still ends, and the next download of the model runs', async () => {
  const controller = new AbortController();
  const started = new Promise<void>((resolve) => (bodyStarted = resolve));
  const cancelled = pullTinyModel(hub, root, {
    // Stalls are not what this is about: the cancel must end it.
    retry: { ...fastRetry, stallTimeoutMs: 600_000 },
    fetchImpl: deafBodies,
    signal: controller.signal,
  });
  // Cancelled while a body read is pending.
  await started;
  controller.abort();
  await assert.rejects(settles(cancelled, 'the cancelled download'), (error: Error) =>
    isModelError(error, 'cancelled'),
  );
  // The next pull of the same model waits until the cancelled one has let go of its files.
  const next = await settles(pullTinyModel(hub, root), 'the next download, behind the cancelled one,');
  assert.equal(next.manifest.revision, tinyRevision);
  assert.deepEqual(
    (await listInstalledModels(root)).map((model) => model.dtype),
    ['fp32'],
  );
});

test('a body read that never returns is abandoned at the stall timeout and the file is fetched again', async () => {
  const fresh = await mkdtemp(path.join(os.tmpdir(), 'sightline-download-file-'));
  try {
    let deaf = true;
    const once: typeof fetch = (input, init) => {
      if (deaf && String(input).includes('/resolve/')) {
        deaf = false;
        return deafBodies(input, init);
      }
      return fetch(input, init);
    };
    const result = await settles(pullTinyModel(hub, fresh, { fetchImpl: once }), 'the download with one deaf body');
    assert.equal(result.manifest.revision, tinyRevision);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
});

test("a resumed answer's Content-Range is read; another unit is not", () => {
  assert.deepEqual(parseContentRange('bytes 100-199/200'), { start: 100, end: 199, total: 200 });
  assert.deepEqual(parseContentRange('bytes 0-9/*'), { start: 0, end: 9, total: undefined });
  assert.equal(parseContentRange('items 1-2/3'), undefined);
});
