import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnswerEvent } from '../../../common/engine-protocol.js';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { BackendSwitch } from '../../../host/answers/backend-switch.js';
import { localBackend } from '../../../host/answers/local-backend.js';
import { testPng } from '../../support/images.js';
import { ScriptedEngine } from './scripted-engine.js';
import { defaultTokens, startFakeServer } from '../../support/fake-model-server.js';
import { backendFor } from '../model-servers/helpers.js';
import { askAndCollect } from '../../support/answer-events.js';

// The chat panel's service (host/chat/chat-service.ts, what the web host
// and the app's IPC serve) with its asks routed to a model server: the same
// flow as with the local engine — answer, follow-up, failure, retry, switch.
async function setup(t: { after(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-remote-chat-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const engine = new ScriptedEngine();
  const backends = new BackendSwitch(localBackend(engine, { model: undefined, state: 'ready' }));
  const service = new ChatService({
    answers: backends,
    engine,
    store: new HistoryStore(dir),
    settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
    model: { dir: '/models/tiny', name: 'Tiny', device: 'cpu' },
  });
  t.after(() => service.dispose());
  const ollamaServer = await startFakeServer({ protocol: 'ollama', stepMs: 5 });
  const openaiServer = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'], stepMs: 5 });
  t.after(() => Promise.all([ollamaServer.close(), openaiServer.close()]).then(() => {}));
  return { engine, backends, service, ollamaServer, openaiServer };
}

function reason(events: AnswerEvent[]): string {
  const end = events.at(-1);
  return end?.type === 'done' ? end.reason : JSON.stringify(end);
}

const ask = askAndCollect;

test('the chat service asks a model server: answer, follow-up with the history, saved like a local answer', async (t) => {
  const { backends, service, ollamaServer } = await setup(t);
  backends.use(backendFor(ollamaServer, 'ollama'));
  const capture = await service.openCapture(await testPng(300, 200));
  const first = await ask(service, {
    answerId: 'a1',
    conversationId: capture.id,
    mode: 'ask',
    question: 'What is this?',
  });
  assert.equal(reason(first), 'eos');
  const second = await ask(service, { answerId: 'a2', conversationId: capture.id, mode: 'ask', question: 'Why?' });
  assert.equal(reason(second), 'eos');
  const sent = ollamaServer.chatRequests()[1]!.body as {
    messages: Array<{ role: string; content: string; images?: string[] }>;
  };
  assert.deepEqual(
    sent.messages.map((message) => message.role),
    ['user', 'assistant', 'user'],
  );
  assert.equal(sent.messages[1]!.content, defaultTokens.join(''));
  assert.equal(sent.messages[0]!.images?.length, 1, 'the capture file went with the first question');
  const saved = await service.openConversation(capture.id);
  assert.deepEqual(
    saved.turns.map((turn) => turn.role),
    ['user', 'assistant', 'user', 'assistant'],
  );
});

test('a server failure ends the answer with its message; the conversation is kept and a retry on another backend answers', async (t) => {
  const { backends, service, ollamaServer, openaiServer } = await setup(t);
  backends.use(backendFor(ollamaServer, 'ollama'));
  const capture = await service.openCapture(await testPng(300, 200));
  ollamaServer.faults.cutAfter = 2;
  const failed = await ask(service, {
    answerId: 'a1',
    conversationId: capture.id,
    mode: 'ask',
    question: 'What is this?',
  });
  const end = failed.at(-1)!;
  assert.equal(end.type, 'error');
  assert.match(end.type === 'error' ? end.error.message : '', /broke in the middle of the answer/);

  backends.use(backendFor(openaiServer, 'openai'));
  const retried = await ask(service, { answerId: 'a2', conversationId: capture.id, mode: 'regenerate' });
  assert.equal(reason(retried), 'eos');
  const messages = (openaiServer.chatRequests()[0]!.body as { messages: unknown[] }).messages;
  assert.equal(messages.length, 1, 'the failed answer is not sent as history');
});

test('stop from the chat service closes the model server connection', async (t) => {
  const { backends, service } = await setup(t);
  const slow = await startFakeServer({ protocol: 'ollama', stepMs: 100, tokens: Array(50).fill('x ') });
  t.after(() => slow.close());
  backends.use(backendFor(slow, 'ollama'));
  const capture = await service.openCapture(await testPng(300, 200));
  const events = await new Promise<AnswerEvent[]>((resolve, reject) => {
    const seen: AnswerEvent[] = [];
    service
      .ask({ answerId: 'a1', conversationId: capture.id, mode: 'ask', question: 'Go on' }, (event) => {
        seen.push(event);
        if (event.type === 'delta' && seen.filter((e) => e.type === 'delta').length === 1) service.stop('a1');
        if (event.type === 'done' || event.type === 'error') resolve(seen);
      })
      .catch(reject);
  });
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'stopped' });
  const request = slow.chatRequests()[0]!;
  await slow.closed(request);
  assert.equal(request.completed, false);
});

test('back on the local engine, the same conversation goes to it', async (t) => {
  const { engine, backends, service, ollamaServer } = await setup(t);
  backends.use(backendFor(ollamaServer, 'ollama'));
  const capture = await service.openCapture(await testPng(300, 200));
  await ask(service, { answerId: 'a1', conversationId: capture.id, mode: 'ask', question: 'What is this?' });
  backends.useLocal();
  const local = await ask(service, { answerId: 'a2', conversationId: capture.id, mode: 'ask', question: 'Why?' });
  assert.equal(reason(local), 'eos');
  assert.equal(engine.requests.at(-1)!.turns.length, 3);
});
