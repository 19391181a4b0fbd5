import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnswerBackend } from '../../../host/answers/answer-backend.js';
import { BackendSwitch } from '../../../host/answers/backend-switch.js';
import { createBackend } from '../../../host/model-servers/create-backend.js';
import { directPrepareImage } from '../../../host/model-servers/direct-prepare-image.js';
import { localBackend } from '../../../host/answers/local-backend.js';
import { MemorySecretStore } from '../../../host/secrets/secret-store.js';
import { fakeHost, modelDir } from '../engine-host/fake-host.js';
import { startFakeServer } from '../../support/fake-model-server.js';
import { ask, backendFor, chatFlow, collect, last } from './helpers.js';

// The chat panel's flow — ask, follow up, stop, switch — through the one
// AnswerBackend interface, against the local engine (the engine host with the
// fake engine) and both kinds of model server.

async function backends(t: { after(fn: () => unknown): void }) {
  const { host } = fakeHost();
  t.after(() => host.dispose());
  await host.load({ modelDir, device: 'cpu' });
  const ollamaServer = await startFakeServer({ protocol: 'ollama', stepMs: 5 });
  const openaiServer = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'], stepMs: 5 });
  t.after(() => Promise.all([ollamaServer.close(), openaiServer.close()]));
  const all: AnswerBackend[] = [
    localBackend(host, host),
    backendFor(ollamaServer, 'ollama'),
    backendFor(openaiServer, 'openai'),
  ];
  return { host, all, ollamaServer, openaiServer };
}

test('every backend streams a question and its follow-up as the same kind of events', async (t) => {
  const { all } = await backends(t);
  for (const backend of all) {
    // The fake engine answers "stream N" with N deltas; the fake servers answer anything.
    const { answers, turns } = await chatFlow(backend, ['stream 3', 'stream 2']);
    assert.equal(turns.length, 4, backend.kind);
    for (const events of answers) {
      const kinds = new Set(events.map(({ event }) => event.type));
      assert.deepEqual([...kinds].sort(), ['delta', 'done', 'phase'], backend.kind);
      const end = last(events);
      assert.equal(end.type === 'done' && end.reason, 'eos', backend.kind);
    }
  }
});

test('a conversation moves between backends and each gets the whole of it', async (t) => {
  const { all, ollamaServer, openaiServer } = await backends(t);
  const [local, ollama, openai] = all as [AnswerBackend, AnswerBackend, AnswerBackend];
  const started = await chatFlow(local, ['stream 2']);
  const moved = await chatFlow(ollama, ['stream 1'], started.turns);
  const again = await chatFlow(openai, ['stream 1'], moved.turns);
  assert.equal(again.turns.length, 6);
  assert.equal((ollamaServer.chatRequests()[0]!.body as { messages: unknown[] }).messages.length, 3);
  assert.equal((openaiServer.chatRequests()[0]!.body as { messages: unknown[] }).messages.length, 5);
  // And back to the local engine, which takes the same turns.
  const back = await chatFlow(local, ['stream 1'], again.turns);
  assert.equal(back.turns.length, 8);
});

test("stop through the interface ends every backend's answer as stopped", async (t) => {
  const { all } = await backends(t);
  for (const backend of all) {
    const answer = backend.ask(ask([{ role: 'user', text: 'stream 500' }]));
    const events = await collect(answer, (event) => {
      if (event.type === 'delta') answer.stop();
    });
    assert.deepEqual(last(events), { type: 'done', reason: 'stopped' }, backend.kind);
  }
});

test('the local backend reports whether a model is loaded', async (t) => {
  const { host } = fakeHost();
  t.after(() => host.dispose());
  const local = localBackend(host, host);
  const before = await local.checkConnection();
  assert.equal(before.ok, false);
  assert.equal(before.problem?.code, 'no-model');
  await host.load({ modelDir, device: 'cpu' });
  const after = await local.checkConnection();
  assert.equal(after.ok, true, after.summary);
  assert.match(after.summary, /runs on this computer/);
  await host.dispose();
  assert.equal((await local.checkConnection()).problem?.code, 'engine-crashed');
});

test('createBackend gives the local adapter for local settings and a server backend otherwise', async () => {
  const local: AnswerBackend = { kind: 'local', ask: () => assert.fail(), checkConnection: () => assert.fail() };
  const deps = { local, secrets: new MemorySecretStore(), prepareImage: directPrepareImage };
  assert.equal(createBackend({ kind: 'local' }, deps), local);
  const ollama = createBackend(
    { kind: 'ollama', baseUrl: 'http://127.0.0.1:1', model: 'llava', timeoutMs: 5_000 },
    deps,
  );
  assert.equal(ollama.kind, 'ollama');
  const openai = createBackend(
    { kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', model: 'm', timeoutMs: 5_000 },
    deps,
  );
  assert.equal(openai.kind, 'openai');
  assert.equal(typeof openai.listModels, 'function');
});

test("dispose stops a remote backend's running answers", async (t) => {
  const server = await startFakeServer({
    protocol: 'openai',
    models: ['qwen2-vl'],
    stepMs: 100,
    tokens: Array(50).fill('x '),
  });
  t.after(() => server.close());
  const backend = backendFor(server, 'openai');
  const answer = backend.ask(ask([{ role: 'user', text: 'Hi' }]));
  const events = collect(answer, (event) => {
    if (event.type === 'delta') void backend.dispose?.();
  });
  assert.deepEqual(last(await events), { type: 'done', reason: 'stopped' });
  const request = server.chatRequests()[0]!;
  await server.closed(request);
  assert.equal(request.completed, false);
});

test('the backend switch sends each question to the backend chosen now; the local engine keeps its model', async (t) => {
  const { host } = fakeHost();
  t.after(() => host.dispose());
  const server = await startFakeServer({ protocol: 'ollama', stepMs: 5 });
  t.after(() => server.close());
  const backends = new BackendSwitch(localBackend(host, host));
  await host.load({ modelDir, device: 'cpu' });
  backends.use(backendFor(server, 'ollama'));
  assert.equal(last(await collect(backends.ask(ask([{ role: 'user', text: 'Hi' }])))).type, 'done');
  assert.equal(server.chatRequests().length, 1);
  assert.equal(host.model?.modelDir, modelDir);
  backends.useLocal();
  assert.equal(last(await collect(backends.ask(ask([{ role: 'user', text: 'stream 1' }])))).type, 'done');
  assert.equal(server.chatRequests().length, 1);
});
