import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { AnswerEvent } from '../../../common/engine-protocol.js';
import { invokeChannels } from '../../../common/ipc-contract.js';
import {
  answerOverPort,
  chatHandledChannels,
  chatInvokeHandlers,
  type AnswerPort,
} from '../../../host/chat/chat-handlers.js';
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
    await answerOverPort(service, { answerId: 'p1', conversationId: id, mode: 'ask', question: 'Q' }, nodePort(port1)),
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
      service,
      { answerId: 'p1', conversationId: 'nosuch-conversation', mode: 'ask', question: 'Q' },
      port,
    ),
    /no longer exists/,
  );
  assert.equal(closed, true);
});

test('there is a handler for every chat channel main registers, and they answer in the contract’s shapes', async (t) => {
  const { service } = await setup(t);
  const copied: string[] = [];
  let hidden = 0;
  const handlers = chatInvokeHandlers(service, {
    copy: (text) => void copied.push(text),
    hide: () => void (hidden += 1),
  });
  const chatChannels = Object.keys(invokeChannels).filter((channel) => channel.startsWith('chat:'));
  assert.deepEqual([...chatHandledChannels, 'chat:ask'].sort(), chatChannels.sort());
  const { id } = await service.openCapture(await testPng(16, 16));
  const list = await handlers['chat:list'](undefined);
  assert.deepEqual(
    invokeChannels['chat:list'].reply.parse(list).map((item) => item.id),
    [id],
  );
  const image = await handlers['chat:image']({ conversationId: id });
  assert.ok(invokeChannels['chat:image'].reply.safeParse(image).success);
  assert.deepEqual(await handlers['chat:open-external']({ url: 'file:///etc/passwd' }), {
    ok: false,
    reason: 'Only http and https links open in the browser (this one is file:).',
  });
  await handlers['chat:copy']({ text: 'x' });
  await handlers['chat:hide'](undefined);
  assert.deepEqual([copied, hidden], [['x'], 1]);
  await handlers['chat:delete']({ conversationId: id });
  assert.deepEqual(await handlers['chat:list'](undefined), []);
});
