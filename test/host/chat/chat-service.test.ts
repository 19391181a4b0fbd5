import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ChatStatus } from '../../../common/chat-contract.js';
import {
  answerInstruction,
  applyAnswer,
  applyQuestion,
  AskRequest,
  engineTurns,
  type Conversation,
} from '../../../common/conversation.js';
import type { AnswerEvent } from '../../../common/engine-protocol.js';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { testPng } from '../../support/images.js';
import { ScriptedEngine } from './scripted-engine.js';
import { askAndCollect } from '../../support/answer-events.js';
import { waitUntil } from '../../support/wait-until.js';

async function setup(t: { after(fn: () => Promise<void>): void }, options: { keep?: boolean } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-chat-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const engine = new ScriptedEngine();
  const store = new HistoryStore(dir, { keep: options.keep ?? true });
  const opened: string[] = [];
  const service = new ChatService({
    answers: engine,
    engine,
    store,
    settings: memorySettingsPort({ keepHistory: options.keep ?? true, answerLanguage: 'question' }),
    model: { dir: '/models/tiny', name: 'Tiny', device: 'cpu' },
    openExternal: (url) => void opened.push(url),
  });
  t.after(() => service.dispose());
  return { engine, store, service, opened };
}

const ask = askAndCollect;

/** An answer long enough to be stopped, or closed, while it streams: "w0 w1 w2 …". */
const longAnswer = (): AnswerEvent[] => [
  ...Array.from({ length: 200 }, (_, i) => ({ type: 'delta' as const, text: `w${i} ` })),
  { type: 'done', reason: 'length' },
];

test('the status follows the model: loading, then the model and its device; a failed load offers a retry', async (t) => {
  const { engine, service } = await setup(t);
  const statuses: ChatStatus[] = [];
  service.statusLine.onChange((status) => statuses.push(status));
  assert.deepEqual(service.statusLine.status, { kind: 'starting' });
  service.statusLine.loadModel();
  await waitUntil(() => service.statusLine.status.kind === 'ready', 'the model is ready');
  assert.deepEqual(statuses.at(0), { kind: 'loading', modelName: 'Tiny' });
  assert.deepEqual(service.statusLine.status, { kind: 'ready', modelName: 'Tiny', provider: 'cpu', dtype: 'q8' });

  // Unloaded after an idle spell: the status says it rests, and the next load says loading again.
  engine.emit('model-unloaded', { modelDir: '/models/tiny' });
  assert.deepEqual(service.statusLine.status, { kind: 'resting', modelName: 'Tiny' });

  engine.failLoad = 'The model folder /models/tiny does not exist.';
  service.statusLine.loadModel();
  await waitUntil(() => service.statusLine.status.kind === 'error', 'the load failed');
  assert.deepEqual(service.statusLine.status, {
    kind: 'error',
    message: engine.failLoad,
    canRetry: true,
    code: 'model-missing',
  });

  engine.emit('engine-restarting', { reason: 'crash', delayMs: 250, attempt: 1 });
  assert.deepEqual(service.statusLine.status, { kind: 'restarting', reason: 'crash', delayMs: 250, attempt: 1 });
  service.statusLine.reportDownload('SmolVLM', { phase: 'downloading', bytesDone: 10, bytesTotal: 100, etaSeconds: 9 });
  assert.deepEqual(service.statusLine.status, {
    kind: 'downloading',
    modelName: 'SmolVLM',
    phase: 'downloading',
    bytesDone: 10,
    bytesTotal: 100,
    etaSeconds: 9,
  });
});

test('an answer streams, is saved before it ends, and a follow-up sends the same turns again plus the new question', async (t) => {
  const { engine, store, service } = await setup(t);
  const captures: string[] = [];
  service.onCapture((summary) => captures.push(summary.id));
  const { id } = await service.openCapture(await testPng(30, 20));
  assert.deepEqual(captures, [id]);

  const events = await ask(service, {
    answerId: 'a1',
    conversationId: id,
    mode: 'ask',
    question: 'What is this?',
    action: 'explain-error',
  });
  assert.deepEqual(
    events.map((event) => event.type),
    ['delta', 'delta', 'done'],
  );
  const saved = await store.get(id);
  assert.deepEqual(
    saved?.turns.map((turn) => [turn.role, turn.text]),
    [
      ['user', 'What is this?'],
      ['assistant', 'Hello there.'],
    ],
  );
  assert.equal(saved?.title, 'What is this?');
  assert.equal(engine.requests[0]?.image.kind, 'path');

  await ask(service, { answerId: 'a2', conversationId: id, mode: 'ask', question: 'And then?' });
  const [first, second] = engine.requests;
  const instruction = answerInstruction('question');
  assert.deepEqual(first?.turns, [{ role: 'user', text: `${instruction}\n\nWhat is this?` }]);
  // The earlier turns, exactly as sent and streamed: the engine's cache matches them.
  assert.deepEqual(second?.turns, [
    ...first!.turns,
    { role: 'assistant', text: 'Hello there.' },
    { role: 'user', text: `${instruction}\n\nAnd then?` },
  ]);
  assert.equal(second?.conversationId, id);
});

test('regenerate answers the last question again; edit replaces it', async (t) => {
  const { engine, store, service } = await setup(t);
  const { id } = await service.openCapture(await testPng(30, 20));
  await ask(service, { answerId: 'a1', conversationId: id, mode: 'ask', question: 'First?' });
  await ask(service, { answerId: 'a2', conversationId: id, mode: 'regenerate' });
  assert.deepEqual(engine.requests[1]?.turns, engine.requests[0]?.turns);
  assert.equal((await store.get(id))?.turns.length, 2);
  await ask(service, { answerId: 'a3', conversationId: id, mode: 'edit', question: 'Better?' });
  const turns = (await store.get(id))?.turns;
  assert.deepEqual(
    turns?.map((turn) => turn.text),
    ['Better?', 'Hello there.'],
  );
  // Refused at the host's door (the channel's schema), before the service.
  const refused = AskRequest.safeParse({ answerId: 'a4', conversationId: id, mode: 'edit' });
  assert.match(refused.error?.message ?? '', /ask and edit need a question/);
});

test('a failed answer is kept with its reason, and left out of what the engine sees next', async (t) => {
  const { engine, store, service } = await setup(t);
  const { id } = await service.openCapture(await testPng(30, 20));
  engine.script = () => [
    { type: 'delta', text: 'Par' },
    { type: 'error', error: { code: 'engine-crashed', message: 'The engine stopped unexpectedly.' } },
  ];
  const events = await ask(service, { answerId: 'a1', conversationId: id, mode: 'ask', question: 'Q1' });
  assert.equal(events.at(-1)?.type, 'error');
  const failed = (await store.get(id))?.turns.at(-1);
  assert.deepEqual(failed?.role === 'assistant' && [failed.outcome, failed.text, failed.error, failed.errorCode], [
    'error',
    'Par',
    'The engine stopped unexpectedly.',
    'engine-crashed',
  ]);
  engine.script = () => [
    { type: 'delta', text: 'ok' },
    { type: 'done', reason: 'eos' },
  ];
  await ask(service, { answerId: 'a2', conversationId: id, mode: 'ask', question: 'Q2' });
  assert.deepEqual(
    engine.requests[1]?.turns.map((turn) => turn.role),
    ['user'],
  );

  // Retrying a failed answer replaces it.
  const other = await service.openCapture(await testPng(31, 20));
  engine.script = () => [{ type: 'error', error: { code: 'internal', message: 'no' } }];
  await ask(service, { answerId: 'b1', conversationId: other.id, mode: 'ask', question: 'Q' });
  engine.script = () => [
    { type: 'delta', text: 'yes' },
    { type: 'done', reason: 'eos' },
  ];
  await ask(service, { answerId: 'b2', conversationId: other.id, mode: 'regenerate' });
  assert.deepEqual(engine.requests[3]?.turns, engine.requests[2]?.turns);
  assert.deepEqual(
    (await store.get(other.id))?.turns.map((turn) => turn.text),
    ['Q', 'yes'],
  );
});

test('stop ends the answer as stopped and keeps what was written; one answer at a time per conversation', async (t) => {
  const { engine, store, service } = await setup(t);
  const { id } = await service.openCapture(await testPng(30, 20));
  engine.script = longAnswer;
  const events: AnswerEvent[] = [];
  const ended = new Promise<void>((resolve) => {
    void service.ask({ answerId: 'long', conversationId: id, mode: 'ask', question: 'Go' }, (event) => {
      events.push(event);
      if (events.length === 3) service.stop('long');
      if (event.type === 'done') resolve();
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 1));
  await assert.rejects(
    service.ask({ answerId: 'other', conversationId: id, mode: 'ask', question: 'Too' }, () => {}),
    /still being written/,
  );
  await ended;
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'stopped' });
  const last = (await store.get(id))?.turns.at(-1);
  assert.equal(last?.role === 'assistant' && last.outcome, 'stopped');
  assert.equal(last?.text, 'w0 w1 w2 ');
});

test('closing the app while an answer streams saves it as stopped, with what it had written', async (t) => {
  const { engine, store, service } = await setup(t);
  const { id } = await service.openCapture(await testPng(30, 20));
  engine.script = longAnswer;
  const events: AnswerEvent[] = [];
  const written = new Promise<void>((resolve) => {
    void service.ask({ answerId: 'long', conversationId: id, mode: 'ask', question: 'Go' }, (event) => {
      events.push(event);
      if (events.filter((e) => e.type === 'delta').length === 2) resolve();
    });
  });
  await written;
  await service.dispose();
  // Saved by the time dispose returns: the app quits right after it.
  const last = (await store.get(id))?.turns.at(-1);
  assert.equal(last?.role === 'assistant' && last.outcome, 'stopped');
  assert.match(last?.text ?? '', /^w0 w1 /);
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'stopped' });
});

test('a question whose answer never ended opens with what was saved of it, marked interrupted; never while it is still being written', async (t) => {
  const { engine, store, service } = await setup(t);
  const { id } = await service.openCapture(await testPng(30, 20));
  engine.script = longAnswer;
  let deltas = 0;
  let reopenedMidAnswer: Conversation | undefined;
  const ended = new Promise<void>((resolve) => {
    void service.ask({ answerId: 'long', conversationId: id, mode: 'ask', question: 'Go' }, (event) => {
      if (event.type === 'delta' && ++deltas === 5) {
        void service.openConversation(id).then((conversation) => {
          reopenedMidAnswer = conversation;
          service.stop('long');
        });
      }
      if (event.type === 'done') resolve();
    });
  });
  await ended;
  // Opened while its answer streamed, the conversation ends with the question: the page shows the live answer.
  assert.deepEqual(
    reopenedMidAnswer?.turns.map((turn) => turn.role),
    ['user'],
  );

  // A process that ended before writing any of the answer: the question stands alone on disk.
  const asked = await store.get(id);
  assert.ok(asked);
  const question = { role: 'user' as const, text: 'Lost?', at: 5000 };
  await store.save({ ...asked, turns: [...asked.turns, question] });
  const reopened = await service.openConversation(id);
  assert.deepEqual(reopened.turns.at(-1), { role: 'assistant', text: '', outcome: 'interrupted', at: 5000 });
  // Progress saved for another question is not this answer's.
  await store.saveProgress(id, { questionAt: 1234, text: 'stale', savedAt: 6000 });
  assert.equal((await service.openConversation(id)).turns.at(-1)?.text, '');

  // Regenerate answers the cut-off question again, in place of the interrupted answer.
  engine.script = () => [
    { type: 'delta', text: 'Found.' },
    { type: 'done', reason: 'eos' },
  ];
  await ask(service, { answerId: 'again', conversationId: id, mode: 'regenerate' });
  const after = await service.openConversation(id);
  const shown = after.turns.map((turn) => (turn.role === 'user' ? turn.text : `${turn.outcome}:${turn.text}`));
  assert.deepEqual([shown[0], shown[2], shown[3]], ['Go', 'Lost?', 'eos:Found.']);
  assert.match(shown[1] ?? '', /^stopped:w0 w1 w2 w3 w4 /);
  assert.equal(await store.answerInProgress(id), undefined, 'the saved progress went with the answer');
});

test("a capture's image is prepared for its first question as it opens; the next capture or a delete cancels what waits", async (t) => {
  const { engine, service } = await setup(t);
  const first = await service.openCapture(await testPng(64, 32));
  await waitUntil(() => engine.preparations.length === 1, 'the first capture is prepared');
  const [firstPreparation] = engine.preparations;
  assert.equal(firstPreparation?.conversationId, first.id);
  assert.equal(firstPreparation.image.kind, 'path', 'the saved capture, read by the engine');
  assert.equal(firstPreparation.signal?.aborted, false);

  const second = await service.openCapture(await testPng(48, 48));
  await waitUntil(() => engine.preparations.length === 2, 'the second capture is prepared');
  assert.equal(firstPreparation.signal?.aborted, true, 'the user moved on: the first one is cancelled');
  assert.equal(engine.preparations[1]?.conversationId, second.id);
  assert.equal(engine.preparations[1]?.signal?.aborted, false);

  await service.deleteConversation(second.id);
  assert.equal(engine.preparations[1]?.signal?.aborted, true, 'a deleted capture is not prepared');
});

test('the status line says the model is reading a capture while it is prepared, and no more once that ends', async (t) => {
  const { engine, service } = await setup(t);
  service.statusLine.loadModel();
  await waitUntil(() => service.statusLine.status.kind === 'ready', 'the model is ready');
  const reading = () => {
    const status = service.statusLine.status;
    return status.kind === 'ready' && status.readingCapture === true;
  };
  const capture = await service.openCapture(await testPng(64, 32));
  assert.ok(reading(), 'reading as the capture opens');
  await waitUntil(() => engine.preparations.length === 1, 'the capture is prepared');
  await service.deleteConversation(capture.id);
  await waitUntil(() => !reading(), 'the line is back to the chip alone');
});

test('links open only when http(s)', async (t) => {
  const { service, opened } = await setup(t);
  assert.deepEqual(await service.openExternal('javascript:alert(1)'), {
    ok: false,
    reason: 'Only http and https links open in the browser (this one is javascript:).',
  });
  assert.deepEqual(await service.openExternal('https://example.com/a b'), {
    ok: true,
    url: 'https://example.com/a%20b',
  });
  assert.deepEqual(opened, ['https://example.com/a%20b']);
});

test('the contract rules: questions, answers and the engine turns', () => {
  const base: Conversation = {
    version: 1,
    id: 'abcdef-123',
    title: '',
    createdAt: 1,
    updatedAt: 1,
    capture: { width: 1, height: 1, bytes: 1 },
    turns: [],
  };
  const asked = applyQuestion(
    base,
    { answerId: 'x', conversationId: base.id, mode: 'ask', question: 'A  long\nquestion' },
    5,
  );
  assert.ok(asked.ok);
  assert.equal(asked.conversation.title, 'A long question');
  assert.deepEqual(applyQuestion(base, { answerId: 'x', conversationId: base.id, mode: 'regenerate' }, 5), {
    ok: false,
    reason: 'There is no question to answer again.',
  });
  const stoppedEmpty = applyAnswer(asked.conversation, '', { outcome: 'stopped' }, 6);
  const next = applyQuestion(stoppedEmpty, { answerId: 'y', conversationId: base.id, mode: 'ask', question: 'Q2' }, 7);
  assert.ok(next.ok);
  assert.deepEqual(engineTurns(next.conversation, 'fr'), [{ role: 'user', text: 'Answer in French.\n\nQ2' }]);
});
