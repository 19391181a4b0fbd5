import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HistoryStore } from '../../../host/history/history-store.js';
import { testPng } from '../../support/images.js';

async function tempRoot(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-history-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'history');
}

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('conversations and their captures survive a new store on the same folder, newest first', async (t) => {
  const root = await tempRoot(t);
  const time = clock();
  const store = new HistoryStore(root, { now: time.now });
  const png = await testPng(40, 20);
  const first = await store.create(png);
  time.advance(1000);
  const second = await store.create(await testPng(50, 30, 1));
  assert.deepEqual(first.capture, { width: 40, height: 20, bytes: png.byteLength });
  time.advance(1000);
  await store.save({
    ...first,
    title: 'What is this?',
    updatedAt: time.now(),
    turns: [{ role: 'user', text: 'What is this?', at: time.now() }],
  });

  const reopened = new HistoryStore(root);
  const list = await reopened.list();
  assert.deepEqual(
    list.map((item) => [item.id, item.title, item.questions]),
    [
      [first.id, 'What is this?', 1],
      [second.id, '', 0],
    ],
  );
  assert.deepEqual(await reopened.image(first.id), png);
  assert.equal((await reopened.get(first.id))?.turns[0]?.text, 'What is this?');
  assert.equal(reopened.imageFile(first.id), path.join(root, first.id, 'capture.png'));
  // Writes leave no temporary files behind.
  const leftovers = (await readdir(path.join(root, first.id))).filter(
    (name) => name !== 'conversation.json' && name !== 'capture.png',
  );
  assert.deepEqual(leftovers, []);
  assert.deepEqual(await readdir(path.join(root, '.staging')), []);
});

test('deleting removes the conversation and its capture', async (t) => {
  const root = await tempRoot(t);
  const store = new HistoryStore(root);
  const conversation = await store.create(await testPng(10, 10));
  assert.equal(await store.delete(conversation.id), true);
  assert.equal(await store.delete(conversation.id), false);
  assert.deepEqual(await store.list(), []);
  assert.equal(await store.get(conversation.id), undefined);
  assert.deepEqual(
    (await readdir(root)).filter((name) => !name.startsWith('.')),
    [],
  );
  await assert.rejects(store.save(conversation), /deleted/);
});

test('ids that are not plain folder names are refused; a corrupt file is skipped, not deleted', async (t) => {
  const root = await tempRoot(t);
  const warnings: string[] = [];
  const store = new HistoryStore(root, { warn: (message) => warnings.push(message) });
  const good = await store.create(await testPng(10, 10));
  const bad = await store.create(await testPng(12, 10));
  await writeFile(path.join(root, bad.id, 'conversation.json'), '{"version":1,');
  assert.deepEqual(
    (await store.list()).map((item) => item.id),
    [good.id],
  );
  assert.match(warnings.join('\n'), /not valid JSON/);
  assert.ok((await readFile(path.join(root, bad.id, 'conversation.json'), 'utf8')).length > 0);
  // Told with where the file is; a deleted conversation is no longer told.
  const [unreadable, ...more] = store.unreadable();
  assert.deepEqual(more, []);
  assert.equal(unreadable?.kind, 'conversation-unreadable');
  assert.equal(unreadable?.file, path.join(root, bad.id, 'conversation.json'));
  assert.match(unreadable?.reason ?? '', /not valid JSON/);
  await store.delete(bad.id);
  assert.deepEqual(store.unreadable(), []);
  for (const id of ['../escape', '..', 'a/b', '', 'UPPER-case-id']) {
    assert.equal(await store.get(id), undefined, id);
    assert.equal(await store.image(id), undefined, id);
    assert.equal(store.imageFile(id), undefined, id);
    assert.equal(await store.delete(id), false, id);
  }
  await assert.rejects(store.create(new TextEncoder().encode('not a png')), /not a PNG/);
});

test('keeping none writes nothing; switching it off deletes saved ones but keeps those open in memory', async (t) => {
  const root = await tempRoot(t);
  const store = new HistoryStore(root, { keep: false });
  const memoryOnly = await store.create(await testPng(10, 10));
  assert.equal(store.imageFile(memoryOnly.id), undefined);
  assert.equal((await store.list()).length, 1);
  await assert.rejects(readdir(root), /ENOENT/);

  const keeping = new HistoryStore(root);
  const saved = await keeping.create(await testPng(10, 10));
  const other = await new HistoryStore(root).create(await testPng(11, 10));
  await keeping.setKeeping(false);
  assert.deepEqual(
    (await readdir(root)).filter((name) => !name.startsWith('.')),
    [],
  );
  // The one this store had open is still there, in memory, for a follow-up.
  assert.deepEqual(
    (await keeping.list()).map((item) => item.id),
    [saved.id],
  );
  assert.ok(await keeping.image(saved.id));
  assert.equal(await keeping.get(other.id), undefined);
  await keeping.setKeeping(true);
  assert.deepEqual(
    (await new HistoryStore(root).list()).map((item) => item.id),
    [saved.id],
  );
});

test('prune deletes conversations unused for the given number of days', async (t) => {
  const root = await tempRoot(t);
  const time = clock();
  const store = new HistoryStore(root, { now: time.now });
  const old = await store.create(await testPng(10, 10));
  time.advance(40 * 86_400_000);
  const recent = await store.create(await testPng(10, 10));
  assert.equal(await store.prune(30), 1);
  assert.deepEqual(
    (await store.list()).map((item) => item.id),
    [recent.id],
  );
  assert.equal(await store.get(old.id), undefined);
});

test('side files (a thumbnail, a capture text) are kept beside their conversation and go with it', async (t) => {
  const root = await tempRoot(t);
  const store = new HistoryStore(root);
  const conversation = await store.create(await testPng(10, 10));
  const text = new TextEncoder().encode('Hello');
  assert.equal(await store.saveSide(conversation.id, 'capture-text.txt', text), true);
  assert.deepEqual(new Uint8Array((await store.readSide(conversation.id, 'capture-text.txt'))!), text);
  assert.equal(await store.readSide(conversation.id, 'thumbnail.jpg'), undefined);
  assert.deepEqual(await new HistoryStore(root).readSide(conversation.id, 'capture-text.txt'), Buffer.from('Hello'));

  assert.equal(await store.delete(conversation.id), true);
  assert.equal(
    await store.saveSide(conversation.id, 'thumbnail.jpg', text),
    false,
    'deleted: nothing to keep it beside',
  );
  assert.deepEqual(
    (await readdir(root)).filter((name) => !name.startsWith('.')),
    [],
    'no folder made again',
  );
  assert.equal(await store.saveSide('../escape', 'thumbnail.jpg', text), false);
});
