import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { askAndCollect } from '../../support/answer-events.js';
import { startFakeServer } from '../../support/fake-model-server.js';
import { testPng } from '../../support/images.js';
import { removeSetupFolders, settingsFileText, setup } from './settings-fixture.js';

// The settings page's model servers: real model-server backends against a
// fake server, a real chat asking through the backend switch.
after(removeSetupFolders);

test('switching the answer source routes the next question to the server, and back', async (t) => {
  const { service, engine, backends, dir } = await setup();
  const server = await startFakeServer({ protocol: 'ollama', stepMs: 1 });
  t.after(() => server.close());
  const history = new HistoryStore(path.join(dir, 'history'));
  const chat = new ChatService({
    answers: backends,
    engine,
    store: history,
    settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
    model: { dir: '/models/tiny', name: 'Tiny', device: 'cpu' },
  });
  t.after(() => chat.dispose());

  const report = await service.servers.check({
    kind: 'ollama',
    baseUrl: server.baseUrl,
    model: 'llava',
    timeoutMs: 5000,
  });
  assert.equal(report.ok, true, report.summary);
  const models = await service.servers.listModels({ kind: 'ollama', baseUrl: server.baseUrl });
  assert.deepEqual(models, { ok: true, models: ['llava:latest'] });

  const reply = await service.values.update({
    backend: { kind: 'ollama', baseUrl: server.baseUrl, model: 'llava', timeoutMs: 5000 },
  });
  assert.equal(reply.ok, true);
  assert.match(reply.view.privacy.sentence, /Ollama server at 127\.0\.0\.1/);
  const capture = await chat.openCapture(await testPng(64, 48));
  const events = await askAndCollect(chat, {
    answerId: 'a1',
    conversationId: capture.id,
    mode: 'ask',
    question: 'What is it?',
  });
  assert.equal(events.at(-1)?.type, 'done');
  assert.equal(server.chatRequests().length, 1, 'the server answered');

  await service.values.update({ backend: { kind: 'local' } });
  const local = await askAndCollect(chat, {
    answerId: 'a2',
    conversationId: capture.id,
    mode: 'ask',
    question: 'And now?',
  });
  assert.equal(local.at(-1)?.type, 'done');
  assert.equal(server.chatRequests().length, 1, 'the server was not asked again');
  assert.equal(engine.requests.length, 1, 'the local engine answered');
});

test('an API key is stored, used, and never returned, saved in settings or put in a message', async (t) => {
  const key = 'sk-test-6f1c2a9e-very-secret';
  const { service, dir, secrets, changes } = await setup();
  const { servers } = service;
  const server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'], requireKey: key });
  t.after(() => server.close());
  const draft = { kind: 'openai' as const, baseUrl: server.baseUrl, model: 'qwen2-vl', timeoutMs: 5000 };

  const without = await servers.check(draft);
  assert.equal(without.ok, false);

  const view = await servers.setApiKey({ kind: 'openai', apiKey: key });
  assert.deepEqual(view.apiKeyStored, { ollama: false, openai: true });
  assert.equal(await secrets.get('openai-api-key'), key);
  assert.equal((await servers.check(draft)).ok, true, 'the stored key is sent');

  const applied = await service.values.update({ backend: { ...draft, apiKeyRef: 'ollama-api-key' } });
  assert.equal(applied.ok, true);
  assert.equal(
    applied.view.settings.backend.kind === 'openai' && applied.view.settings.backend.apiKeyRef,
    'openai-api-key',
  );

  // A wrong key: the server echoes it back in its error, the report must not.
  await servers.setApiKey({ kind: 'openai', apiKey: `${key}-wrong` });
  const wrong = await servers.check(draft);
  assert.equal(wrong.ok, false);
  const tooLong = await servers
    .setApiKey({ kind: 'openai', apiKey: `${key}${'x'.repeat(5000)}` })
    .catch((e: Error) => e);
  assert.ok(tooLong instanceof Error);

  const everything = [
    JSON.stringify(await service.values.view()),
    JSON.stringify(changes),
    JSON.stringify(wrong),
    JSON.stringify(without),
    tooLong.message,
    await settingsFileText(dir),
  ].join('\n');
  assert.ok(!everything.includes(key), 'the key appears nowhere the page or the disk can see');

  const removed = await servers.setApiKey({ kind: 'openai', apiKey: null });
  assert.equal(removed.apiKeyStored.openai, false);
  assert.equal(removed.settings.backend.kind === 'openai' && removed.settings.backend.apiKeyRef, undefined);
});

test('a key stored for a server not in use tells every page, and changes nothing else', async () => {
  const { service, dir, changes } = await setup();
  const before = await settingsFileText(dir).catch(() => undefined);
  const view = await service.servers.setApiKey({ kind: 'ollama', apiKey: 'ollama-key' });
  assert.equal(view.apiKeyStored.ollama, true);
  assert.equal(changes.at(-1)?.apiKeyStored.ollama, true, 'the pages show the key as stored');
  assert.equal(await settingsFileText(dir).catch(() => undefined), before, 'the settings file is untouched');
});
