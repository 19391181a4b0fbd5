import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Turn } from '../../../common/engine-protocol.js';
import { startFakeServer } from '../../support/fake-model-server.js';
import { testPng } from '../../support/images.js';
import { ask, backendFor, collect, last } from './helpers.js';

// The capture goes with one message of the request a model server gets: the
// first question, or the question that brought a later capture (the
// request's imageTurn), every other message text only. Checked in the
// request bodies the fake servers received.

const turns: Turn[] = [
  { role: 'user', text: 'What is this?' },
  { role: 'assistant', text: 'A dialog.' },
  { role: 'user', text: 'Look closely at this part.' },
];

type OllamaMessage = { role: string; content: string; images?: string[] };
type OpenAiMessage = { role: string; content: string | Array<{ type: string; image_url?: { url: string } }> };

test('ollama: the image goes with the question of the image turn, the others are text', async (t) => {
  const server = await startFakeServer({ protocol: 'ollama', stepMs: 1 });
  t.after(() => server.close());
  const backend = backendFor(server, 'ollama');
  const later = await testPng(90, 60, 2);
  const end = last(await collect(backend.ask({ ...ask(turns, later), imageTurn: 2 })));
  assert.equal(end.type, 'done', JSON.stringify(end));
  const messages = (server.chatRequests()[0]!.body as { messages: OllamaMessage[] }).messages;
  assert.deepEqual(
    messages.map((message) => message.images?.length ?? 0),
    [0, 0, 1],
  );
  assert.equal(messages[2]!.images![0], Buffer.from(later).toString('base64'));

  // Without an image turn: the first question, as before.
  await collect(backend.ask(ask(turns)));
  const plain = (server.chatRequests()[1]!.body as { messages: OllamaMessage[] }).messages;
  assert.deepEqual(
    plain.map((message) => message.images?.length ?? 0),
    [1, 0, 0],
  );
});

test('openai: the image part is in the content of the image turn, the others are plain strings', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'], stepMs: 1 });
  t.after(() => server.close());
  const backend = backendFor(server, 'openai');
  const later = await testPng(90, 60, 2);
  const end = last(await collect(backend.ask({ ...ask(turns, later), imageTurn: 2 })));
  assert.equal(end.type, 'done', JSON.stringify(end));
  const messages = (server.chatRequests()[0]!.body as { messages: OpenAiMessage[] }).messages;
  assert.deepEqual(
    messages.map((message) => typeof message.content),
    ['string', 'string', 'object'],
  );
  const parts = messages[2]!.content as Array<{ type: string; image_url?: { url: string } }>;
  assert.equal(parts[0]!.image_url?.url, `data:image/png;base64,${Buffer.from(later).toString('base64')}`);
});
