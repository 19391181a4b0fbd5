import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { captureTextSection, type CaptureText } from '../../../common/capture-text.js';
import type { ImageSource } from '../../../common/engine-protocol.js';
import type { CaptureTextChange, ChatSettings } from '../../../common/chat-contract.js';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { transcriptOf } from '../../../host/chat/transcript.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { askAndCollect } from '../../support/answer-events.js';
import { testPng } from '../../support/images.js';
import { waitUntil } from '../../support/wait-until.js';
import { ScriptedEngine } from './scripted-engine.js';

// Each capture's text, read by the text layer as the capture opens: the page
// hears it, "Transcribe the text" answers from it with no model asked, and
// the first question gives it to the model (the same way in every later
// request, so the engine's cache still matches).

const dialog: CaptureText = {
  language: 'en',
  width: 16,
  height: 16,
  lines: [
    { text: 'Error: ENOENT', box: { x: 1, y: 1, width: 10, height: 4 }, confidence: 0.98 },
    { text: '  at open (fs.js:12)', box: { x: 1, y: 6, width: 12, height: 4 }, confidence: 0.9 },
  ],
  text: 'Error: ENOENT\n  at open (fs.js:12)',
};

/** A text layer the test answers: each read waits until the test lets it go. */
function fakeTextLayer(result: () => CaptureText | Error) {
  const reads: ImageSource[] = [];
  let release = () => {};
  let gate = Promise.resolve();
  return {
    reads,
    hold() {
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    release: () => release(),
    async readText(image: ImageSource): Promise<CaptureText> {
      reads.push(image);
      await gate;
      const outcome = result();
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
}

async function setup(
  t: { after(fn: () => Promise<void>): void },
  options: { text?: () => CaptureText | Error; settings?: Partial<ChatSettings>; model?: boolean } = {},
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-capture-text-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const engine = new ScriptedEngine();
  const textLayer = fakeTextLayer(options.text ?? (() => dialog));
  const store = new HistoryStore(dir);
  const make = () =>
    new ChatService({
      answers: engine,
      engine,
      textLayer,
      store,
      settings: memorySettingsPort(options.settings),
      ...(options.model === false ? {} : { model: { dir: '/models/tiny', name: 'Tiny', device: 'cpu' as const } }),
    });
  const service = make();
  t.after(() => service.dispose());
  const changes: CaptureTextChange[] = [];
  service.captureTexts.onChange((change) => changes.push(change));
  return { engine, textLayer, store, service, changes, make };
}

test('a capture is read as it opens, and every page hears the reading', async (t) => {
  const { service, textLayer, changes } = await setup(t);
  textLayer.hold();
  const { id } = await service.openCapture(await testPng(16, 16));
  assert.deepEqual(await service.captureText(id), { state: 'reading' });
  assert.equal(textLayer.reads.length, 1, 'read once, as the capture opened');
  textLayer.release();
  await waitUntil(() => changes.length === 1, 'the pages heard the reading');
  assert.deepEqual(changes[0], { conversationId: id, text: { state: 'read', text: dialog } });
  assert.deepEqual(await service.captureText(id), { state: 'read', text: dialog });
  assert.equal(textLayer.reads.length, 1, 'not read again');
});

test('"Transcribe the text" answers from the text layer, with no model installed and none asked', async (t) => {
  const { service, engine } = await setup(t, { model: false });
  const { id } = await service.openCapture(await testPng(16, 16));
  const events = await askAndCollect(service, {
    answerId: 'a1',
    conversationId: id,
    mode: 'ask',
    question: 'Transcribe all the text in this image.',
    action: 'transcribe',
  });
  assert.deepEqual(events, [
    { type: 'delta', text: '```text\nError: ENOENT\n  at open (fs.js:12)\n```' },
    { type: 'done', reason: 'eos' },
  ]);
  assert.equal(engine.requests.length, 0, 'the model was not asked');
  const saved = await service.openConversation(id);
  assert.equal(saved.turns.at(-1)?.text, events[0]?.type === 'delta' ? events[0].text : '');
});

test('the transcript keeps its fence whole, and says so in the answer language when there is no text', () => {
  const withFence = { ...dialog, text: 'run:\n```sh\nls\n```' };
  assert.equal(transcriptOf(withFence, 'en'), '````text\nrun:\n```sh\nls\n```\n````');
  assert.equal(transcriptOf({ ...dialog, lines: [], text: '' }, 'fr'), 'Aucun texte trouvé dans cette capture.');
  assert.equal(transcriptOf({ ...dialog, lines: [], text: '' }, 'en'), 'No text found in this capture.');
});

test('the first question gives the model the text; a follow-up sends the same first turn', async (t) => {
  const { service, engine } = await setup(t);
  const { id } = await service.openCapture(await testPng(16, 16));
  await askAndCollect(service, { answerId: 'a1', conversationId: id, mode: 'ask', question: 'What failed?' });
  const first = engine.requests[0]?.turns[0]?.text ?? '';
  assert.ok(first.includes(captureTextSection(dialog.text)!), first);
  assert.ok(first.endsWith('What failed?'));
  await askAndCollect(service, { answerId: 'a2', conversationId: id, mode: 'ask', question: 'And how do I fix it?' });
  const followUp = engine.requests[1]?.turns ?? [];
  assert.equal(followUp[0]?.text, first, 'the first turn is sent again as it was');
  assert.ok(!followUp[2]?.text.includes('<<<'), 'only the first question carries the text');
});

test('with the setting off, or a text that cannot be read, the question goes without it', async (t) => {
  for (const options of [
    { settings: { captureTextToModel: false } },
    { text: () => new Error('The image could not be decoded.') },
  ]) {
    const { service, engine } = await setup(t, options);
    const { id } = await service.openCapture(await testPng(16, 16));
    await askAndCollect(service, { answerId: 'a1', conversationId: id, mode: 'ask', question: 'What failed?' });
    assert.ok(!engine.requests[0]?.turns[0]?.text.includes('<<<'));
  }
});

test('a transcript of a capture whose text cannot be read ends with why', async (t) => {
  const { service } = await setup(t, { text: () => new Error('The image could not be decoded.') });
  const { id } = await service.openCapture(await testPng(16, 16));
  const events = await askAndCollect(service, {
    answerId: 'a1',
    conversationId: id,
    mode: 'ask',
    question: 'Transcribe.',
    action: 'transcribe',
  });
  assert.equal(events.at(-1)?.type, 'error');
  assert.match(JSON.stringify(events.at(-1)), /could not be read: The image could not be decoded/);
});

test('a conversation reopened by a later run is read again when the page asks for its text', async (t) => {
  const { service, make, textLayer } = await setup(t);
  const { id } = await service.openCapture(await testPng(16, 16));
  await waitUntil(async () => (await service.captureText(id)).state === 'read', 'read');
  const later = make();
  t.after(() => later.dispose());
  const changes: CaptureTextChange[] = [];
  later.captureTexts.onChange((change) => changes.push(change));
  const first = await later.captureText(id);
  assert.ok(first.state === 'reading' || first.state === 'read');
  await waitUntil(() => changes.length === 1 || first.state === 'read', 'read again');
  assert.equal(textLayer.reads.length, 2);
  await assert.rejects(later.captureText('nosuch-conversation'), /no longer exists/);
});

test('a capture’s text is kept beside it: the history is titled and searched by it, in a later run too', async (t) => {
  const { service, store, make } = await setup(t);
  const { id } = await service.openCapture(await testPng(16, 16));
  await waitUntil(async () => (await service.listConversations())[0]?.title === 'Error: ENOENT', 'titled by its text');
  const later = make();
  t.after(() => later.dispose());
  const [listed] = await later.listConversations();
  assert.equal(listed?.title, 'Error: ENOENT');
  assert.match(listed?.searchText ?? '', /at open \(fs\.js:12\)/);
  assert.equal((await store.get(id))?.title, '', 'the conversation itself is unchanged');
});
