import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HistoryError, HistoryStore } from '../../../host/history/history-store.js';
import { LaterCaptures } from '../../../host/history/later-captures.js';
import { testPng } from '../../support/images.js';

// A conversation's later captures on disk: capture-<n>.png beside
// capture.png, named by the conversation only once written, gone with it.

async function tempRoot(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-later-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'history');
}

test('later captures are written as capture-<n>.png, listed in order, and read back by index', async (t) => {
  const root = await tempRoot(t);
  const store = new HistoryStore(root);
  const captures = new LaterCaptures(store);
  const first = await store.create(await testPng(80, 60));
  const closer = await testPng(20, 10, 1);
  const again = await testPng(80, 60, 2);
  const rect = { x: 5, y: 6, width: 20, height: 10 };
  const one = await captures.add(first.id, closer, { origin: 'closer-look', at: 5, from: { capture: 0, rect } });
  const two = await captures.add(first.id, again, { origin: 'repeat', at: 6 });
  assert.equal(one.index, 1);
  assert.equal(two.index, 2);
  assert.deepEqual((await readdir(path.join(root, first.id))).sort(), [
    'capture-1.png',
    'capture-2.png',
    'capture.png',
    'conversation.json',
  ]);
  // A new store on the same folder (the next run) reads them back.
  const reopened = new LaterCaptures(new HistoryStore(root));
  const conversation = await reopened.conversation(first.id);
  assert.deepEqual(conversation?.laterCaptures, [
    { width: 20, height: 10, bytes: closer.byteLength, origin: 'closer-look', at: 5, from: { capture: 0, rect } },
    { width: 80, height: 60, bytes: again.byteLength, origin: 'repeat', at: 6 },
  ]);
  assert.deepEqual(await reopened.image(first.id, 1), closer);
  assert.deepEqual(await reopened.image(first.id, 2), again);
  assert.equal(reopened.file(first.id, 2), path.join(root, first.id, 'capture-2.png'));
  // The listing is unchanged: one conversation, its first capture.
  const listed = await store.list();
  assert.deepEqual(
    listed.map((item) => [item.id, item.capture.width]),
    [[first.id, 80]],
  );
});

test('an index the conversation does not have is refused, and so is an image that is not a PNG', async (t) => {
  const store = new HistoryStore(await tempRoot(t));
  const captures = new LaterCaptures(store);
  const first = await store.create(await testPng(30, 30));
  await captures.add(first.id, await testPng(10, 10, 1), { origin: 'repeat', at: 2 });
  assert.equal(await captures.image(first.id, 2), undefined);
  assert.equal(await captures.image(first.id, -1), undefined);
  assert.equal(await captures.image(first.id, 1.5), undefined);
  assert.equal(captures.file(first.id, -1), undefined);
  await assert.rejects(
    captures.add(first.id, new TextEncoder().encode('not a png'), { origin: 'repeat', at: 3 }),
    HistoryError,
  );
  await assert.rejects(captures.add('no-such-conv', await testPng(5, 5), { origin: 'repeat', at: 3 }), HistoryError);
  assert.equal((await captures.conversation(first.id))?.laterCaptures?.length, 1);
});

test('deleting the conversation deletes its later captures', async (t) => {
  const root = await tempRoot(t);
  const store = new HistoryStore(root);
  const captures = new LaterCaptures(store);
  const first = await store.create(await testPng(30, 30));
  await captures.add(first.id, await testPng(10, 10, 1), { origin: 'repeat', at: 2 });
  assert.equal(await store.delete(first.id), true);
  assert.deepEqual(
    (await readdir(root)).filter((name) => !name.startsWith('.')),
    [],
  );
  assert.equal(await captures.image(first.id, 1), undefined);
});

test('a save from a copy read before a capture was added keeps the capture', async (t) => {
  const store = new HistoryStore(await tempRoot(t));
  const captures = new LaterCaptures(store);
  const first = await store.create(await testPng(30, 30));
  const before = await store.get(first.id);
  await captures.add(first.id, await testPng(10, 10, 1), { origin: 'repeat', at: 2 });
  // An answer that was being written when the capture came is saved from the older copy.
  await store.save({ ...before!, turns: [{ role: 'user', text: 'Q', at: 3 }], updatedAt: 3 });
  const saved = await store.get(first.id);
  assert.equal(saved?.laterCaptures?.length, 1);
  assert.equal(saved?.turns.length, 1);
});

test('with keeping off, later captures live in memory, and are written when keeping comes back on', async (t) => {
  const root = await tempRoot(t);
  const store = new HistoryStore(root);
  const captures = new LaterCaptures(store);
  const first = await store.create(await testPng(30, 30));
  const closer = await testPng(10, 10, 1);
  await captures.add(first.id, closer, { origin: 'repeat', at: 2 });
  await store.setKeeping(false);
  assert.deepEqual(await captures.image(first.id, 1), closer);
  assert.equal(captures.file(first.id, 1), undefined);
  const again = await testPng(12, 12, 2);
  await captures.add(first.id, again, { origin: 'repeat', at: 3 });
  await store.setKeeping(true);
  assert.deepEqual((await readdir(path.join(root, first.id))).sort(), [
    'capture-1.png',
    'capture-2.png',
    'capture.png',
    'conversation.json',
  ]);
  assert.deepEqual(await new LaterCaptures(new HistoryStore(root)).image(first.id, 2), again);
});
