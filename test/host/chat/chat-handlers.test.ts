import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { AnswerEvent } from '../../../common/engine-protocol.js';
import { invokeChannels } from '../../../common/ipc-contract.js';
import { chatServiceChannels } from '../../../common/chat-contract.js';
import { answerOverPort, chatServiceHandlers, type AnswerPort } from '../../../host/chat/chat-handlers.js';
import { PageAnswers } from '../../../host/chat/page-answers.js';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { testPng } from '../../support/images.js';
import { ScriptedEngine } from './scripted-engine.js';

// What the Electron main process registers, driven with Node's MessagePorts.

function nodePort(port: MessagePort): AnswerPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', listener),
    start: () => port.start(),
    close: () => port.close(),
  };
}

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-chat-ipc-'));
  const engine = new ScriptedEngine();
  const service = new ChatService({
    answers: engine,
    engine,
    store: new HistoryStore(dir),
    settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
  });
  t.after(async () => {
    await service.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  return { engine, service };
}

test('an answer goes out on its port, and a stop comes in on it', async (t) => {
  const { engine, service } = await setup(t);
  const { id } = await service.openCapture(await testPng(16, 16));
  engine.script = () => [
    ...Array.from({ length: 100 }, (_, i) => ({ type: 'delta' as const, text: `${i} ` })),
    { type: 'done' as const, reason: 'length' as const },
  ];
  const { port1, port2 } = new MessageChannel();
  const events: AnswerEvent[] = [];
  const ended = new Promise<void>((resolve) => {
    port2.on('message', (event: AnswerEvent) => {
      events.push(event);
      if (events.length === 2) port2.postMessage({ type: 'stop' });
      if (event.type === 'done' || event.type === 'error') resolve();
    });
  });
  assert.equal(
    await answerOverPort(
      new PageAnswers(service),
      { answerId: 'p1', conversationId: id, mode: 'ask', question: 'Q' },
      nodePort(port1),
    ),
    null,
  );
  await ended;
  port2.close();
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'stopped' });
  assert.ok(events.length < 20);
});

test('a refused question closes its port and rejects', async (t) => {
  const { service } = await setup(t);
  const { port1 } = new MessageChannel();
  let closed = false;
  const port = { ...nodePort(port1), close: () => void ((closed = true), port1.close()) };
  await assert.rejects(
    answerOverPort(
      new PageAnswers(service),
      { answerId: 'p1', conversationId: 'nosuch-conversation', mode: 'ask', question: 'Q' },
      port,
    ),
    /no longer exists/,
  );
  assert.equal(closed, true);
});

test('every chat channel is served: by the service handlers, a page (ask, stop) or the window (copy, hide, copy-image)', async (t) => {
  const { service } = await setup(t);
  const handlers = chatServiceHandlers(service);
  const chatChannels = Object.keys(invokeChannels).filter((channel) => channel.startsWith('chat:'));
  assert.deepEqual(
    [...chatServiceChannels, 'chat:ask', 'chat:stop', 'chat:copy', 'chat:hide', 'chat:copy-image'].sort(),
    chatChannels.sort(),
  );
  const { id } = await service.openCapture(await testPng(16, 16));
  const list = await handlers['chat:list-conversations'](undefined);
  assert.deepEqual(
    invokeChannels['chat:list-conversations'].reply.parse(list).map((item) => item.id),
    [id],
  );
  const image = await handlers['chat:capture-image']({ conversationId: id });
  assert.ok(invokeChannels['chat:capture-image'].reply.safeParse(image).success);
  assert.deepEqual(await handlers['chat:open-external']({ url: 'file:///etc/passwd' }), {
    ok: false,
    reason: 'Only http and https links open in the browser (this one is file:).',
  });
  await handlers['chat:delete-conversation']({ conversationId: id });
  assert.deepEqual(await handlers['chat:list-conversations'](undefined), []);
});

test('a page stops only its own answers, and its answers stop when it goes', async (t) => {
  const { engine, service } = await setup(t);
  const { id } = await service.openCapture(await testPng(16, 16));
  const { id: other } = await service.openCapture(await testPng(16, 16));
  engine.script = () => [
    ...Array.from({ length: 100000 }, () => ({ type: 'delta' as const, text: 'x' })),
    { type: 'done' as const, reason: 'length' as const },
  ];
  const pageA = new PageAnswers(service);
  const pageB = new PageAnswers(service);
  // Resolves once the answer streams, with a promise of its last event (wrapped: a promise resolved with a promise waits for it).
  const start = (page: PageAnswers, answerId: string, conversationId: string) =>
    new Promise<{ ended: Promise<AnswerEvent> }>((started, failed) => {
      let end = (_event: AnswerEvent) => {};
      const ended = new Promise<AnswerEvent>((resolve) => (end = resolve));
      page
        .ask({ answerId, conversationId, mode: 'ask', question: 'Q' }, (event) => {
          if (event.type === 'delta') started({ ended });
          if (event.type === 'done' || event.type === 'error') end(event);
        })
        .catch(failed);
    });
  const a = (await start(pageA, 'a1', id)).ended;
  const b = (await start(pageB, 'b1', other)).ended;
  pageB.stop('a1');
  pageA.stopAll();
  assert.deepEqual(await a, { type: 'done', reason: 'stopped' });
  pageB.stop('b1');
  assert.deepEqual(await b, { type: 'done', reason: 'stopped' });
});
