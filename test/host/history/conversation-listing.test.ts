import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { captureTextSection } from '../../../common/capture-text.js';
import { ConversationSummary, maxThumbnailBytes, type Conversation } from '../../../common/conversation.js';
import { ConversationListing } from '../../../host/history/conversation-listing.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { thumbnailMaxSide } from '../../../host/history/thumbnails.js';
import type { PrepareImage } from '../../../host/model-servers/image-payload.js';
import { directPrepareImage } from '../../../host/model-servers/direct-prepare-image.js';
import { testPng } from '../../support/images.js';

// The history as the chat page lists it: titles from each conversation's
// content (also for conversations saved by earlier versions, whose title is
// their question), the words a search looks in, and a small thumbnail of each
// capture, made once and kept beside the conversation.

async function tempRoot(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-listing-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'history');
}

/** directPrepareImage, counting its calls. */
function countingPrepare(): { prepare: PrepareImage; calls: () => number } {
  let calls = 0;
  return {
    prepare: (bytes, maxSide, allowJpeg) => {
      calls += 1;
      return directPrepareImage(bytes, maxSide, allowJpeg);
    },
    calls: () => calls,
  };
}

const explainPrompt = 'Explain this error: what does it mean, what is the likely cause, and how do I fix it?';

/** Saved as an earlier version saved it: its title is its (quick action's) question. */
async function savedEarlier(store: HistoryStore, answer?: string, captureText?: string): Promise<Conversation> {
  const created = await store.create(await testPng(1280, 800));
  const conversation: Conversation = {
    ...created,
    title: explainPrompt,
    turns: [
      {
        role: 'user',
        text: explainPrompt,
        action: 'explain-error',
        ...(captureText ? { captureText: captureTextSection(captureText) } : {}),
        at: created.createdAt,
      },
      ...(answer ? [{ role: 'assistant' as const, text: answer, outcome: 'eos' as const, at: created.createdAt }] : []),
    ],
  };
  await store.save(conversation);
  return conversation;
}

test('conversations saved by an earlier version are listed by their content, with their quick action and searchable words', async (t) => {
  const store = new HistoryStore(await tempRoot(t));
  const answered = await savedEarlier(store, 'The **disk is full**: free some space.\n\nThen try again.');
  const unanswered = await savedEarlier(store, undefined, 'Error\nCannot save report.docx: the disk is full');
  const listing = new ConversationListing(store);

  const list = await listing.list();
  const byId = new Map(list.map((summary) => [summary.id, summary]));
  assert.equal(byId.get(answered.id)?.title, 'The disk is full: free some space');
  assert.equal(byId.get(unanswered.id)?.title, 'Cannot save report.docx: the disk is full');
  assert.equal(byId.get(answered.id)?.action, 'explain-error');
  assert.match(byId.get(answered.id)?.searchText ?? '', /Then try again/);
  assert.match(byId.get(unanswered.id)?.searchText ?? '', /report\.docx/);
  assert.doesNotMatch(
    byId.get(answered.id)?.searchText ?? '',
    /likely cause/,
    'a quick action prompt is no one’s words',
  );
  // Every summary is what the page's schema takes; nothing stored changed.
  for (const summary of list) assert.equal(ConversationSummary.safeParse(summary).success, true);
  assert.equal((await store.get(answered.id))?.title, explainPrompt);
});

test('a capture text kept beside a conversation titles it until it is answered', async (t) => {
  const store = new HistoryStore(await tempRoot(t));
  const listing = new ConversationListing(store);
  const fresh = await store.create(await testPng(64, 32));
  assert.equal((await listing.list())[0]?.title, '', 'nothing to call it by yet: the page names it');

  await listing.captureTextRead(fresh.id, '09:41\nUnable to connect to the server\nRetry');
  const [listed] = await listing.list();
  assert.equal(listed?.title, 'Unable to connect to the server');
  assert.match(listed?.searchText ?? '', /Retry/);
});

test('each capture gets one small thumbnail, kept beside its conversation and listed with it', async (t) => {
  const root = await tempRoot(t);
  const store = new HistoryStore(root);
  const scaler = countingPrepare();
  const listing = new ConversationListing(store, { prepareThumbnail: scaler.prepare });
  const conversation = await store.create(await testPng(1280, 800));
  await listing.captureOpened(conversation.id);

  const [listed] = await listing.list();
  const match = /^data:image\/(jpeg|png);base64,(.+)$/.exec(listed?.thumbnail ?? '');
  assert.ok(match, 'listed with a thumbnail');
  const bytes = Buffer.from(match[2] ?? '', 'base64');
  assert.ok(bytes.byteLength <= maxThumbnailBytes, `${bytes.byteLength} bytes`);
  const { width, height } = await sharp(bytes).metadata();
  assert.equal(width, thumbnailMaxSide);
  assert.equal(height, 100);
  assert.ok((await readdir(path.join(root, conversation.id))).some((name) => name.startsWith('thumbnail.')));

  await listing.list();
  assert.equal(scaler.calls(), 1, 'made once');
  // Another run reads it back without making it again.
  const again = countingPrepare();
  const [relisted] = await new ConversationListing(store, { prepareThumbnail: again.prepare }).list();
  assert.equal(relisted?.thumbnail, listed?.thumbnail);
  assert.equal(again.calls(), 0);
});

test('a conversation saved without a thumbnail gets one as the history is listed', async (t) => {
  const store = new HistoryStore(await tempRoot(t));
  const earlier = await savedEarlier(store, 'It is fine.');
  assert.equal((await new ConversationListing(store).list())[0]?.thumbnail, undefined, 'no scaler: no thumbnail');
  const [listed] = await new ConversationListing(store, { prepareThumbnail: directPrepareImage }).list();
  assert.equal(listed?.id, earlier.id);
  assert.match(listed?.thumbnail ?? '', /^data:image\//);
});

test('a thumbnail that cannot be made, or would be too heavy, is left out and tried again only once', async (t) => {
  const store = new HistoryStore(await tempRoot(t));
  await store.create(await testPng(64, 32));
  const warnings: string[] = [];
  let calls = 0;
  const heavy: PrepareImage = () => {
    calls += 1;
    return Promise.resolve({ bytes: new Uint8Array(maxThumbnailBytes + 1), mime: 'image/jpeg' });
  };
  const listing = new ConversationListing(store, {
    prepareThumbnail: heavy,
    warn: (message) => warnings.push(message),
  });
  for (let i = 0; i < 3; i++) assert.equal((await listing.list())[0]?.thumbnail, undefined);
  assert.equal(calls, 2);
  assert.match(warnings[0] ?? '', /no thumbnail for .*: it would weigh/);
});

test('with history off, thumbnails and capture texts live in memory with their conversation', async (t) => {
  const root = await tempRoot(t);
  const store = new HistoryStore(root, { keep: false });
  const listing = new ConversationListing(store, { prepareThumbnail: directPrepareImage });
  const conversation = await store.create(await testPng(300, 200));
  await listing.captureOpened(conversation.id);
  await listing.captureTextRead(conversation.id, 'Hello world');
  const [listed] = await listing.list();
  assert.match(listed?.thumbnail ?? '', /^data:image\//);
  assert.equal(listed?.title, 'Hello world');
  await assert.rejects(readdir(root), { code: 'ENOENT' }, 'nothing written');
  // Keeping again writes them beside the conversation.
  await store.setKeeping(true);
  assert.deepEqual(
    (await readdir(path.join(root, conversation.id))).sort(),
    [
      'capture-text.txt',
      'capture.png',
      'conversation.json',
      listed?.thumbnail?.startsWith('data:image/png') ? 'thumbnail.png' : 'thumbnail.jpg',
    ].sort(),
  );
});
