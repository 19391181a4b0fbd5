import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChatStatus } from '../../common/chat-contract.js';
import type { AnswerEvent, Dtype } from '../../common/engine-protocol.js';
import { defaultSettings, type Settings } from '../../common/settings.js';
import { createNodeLauncher } from '../../host/engine-host/node-launcher.js';
import { loadCatalog } from '../../host/models/catalog.js';
import { installedModelDir } from '../../host/models/layout.js';
import { writeManifest } from '../../host/models/manifest.js';
import { MemorySecretStore } from '../../host/secrets/secret-store.js';
import { resolveChatModel, startChatRuntime, type ChatRuntime } from '../../host/chat-runtime.js';
import { SettingsStore } from '../../host/settings/settings-store.js';
import { askAndCollect } from '../support/answer-events.js';
import { waitUntil } from '../support/wait-until.js';
import { testPng } from '../support/images.js';
import { repoRoot } from '../support/repo.js';
import { fakeEngineEntry } from './engine-host/fake-host.js';

// The runtime the app assembles at launch (engine host with its model keeper,
// backend switch, history, chat service), with the fake engine as a real
// child process in place of the utility process: what a user does from a
// capture to an answer, and what they keep when the engine crashes.

const catalog = loadCatalog();
const modelId = catalog.defaultModel;

async function installFakeModel(root: string, dtype: Dtype = 'q8'): Promise<string> {
  const dir = installedModelDir(root, modelId, dtype);
  await mkdir(dir, { recursive: true });
  const entry = catalog.models.find((model) => model.id === modelId)!;
  await writeManifest(dir, {
    format: 1,
    id: modelId,
    displayName: entry.displayName,
    family: entry.family,
    repo: entry.repo,
    revision: entry.revision,
    dtype,
    installedAt: new Date(0).toISOString(),
    files: [],
  });
  return dir;
}

async function start(
  t: { after(fn: () => Promise<void>): void },
  options: { install?: boolean; settings?: Partial<Settings> } = {},
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-runtime-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const modelsRoot = path.join(dir, 'models');
  const installedDir = options.install === false ? undefined : await installFakeModel(modelsRoot);
  const store = new SettingsStore(dir, { ...defaultSettings('Alt+Shift+S'), ...options.settings });
  const statuses: ChatStatus[] = [];
  const runtime = await startChatRuntime({
    launcher: createNodeLauncher({
      entry: fakeEngineEntry,
      cwd: repoRoot,
      env: { ...process.env, FAKE_ENGINE_STEP_MS: '5' },
    }),
    settingsStore: store,
    historyDir: path.join(dir, 'history'),
    modelsRoot,
    secrets: new MemorySecretStore(),
    catalog,
    backoff: { initialDelayMs: 10, maxDelayMs: 50, maxCrashes: 3, windowMs: 60_000 },
  });
  runtime.service.statusLine.onChange((status) => statuses.push(status));
  t.after(() => runtime.dispose());
  return { runtime, statuses, installedDir, dir };
}

function until(runtime: ChatRuntime, kind: ChatStatus['kind']): Promise<ChatStatus> {
  if (runtime.service.statusLine.status.kind === kind) return Promise.resolve(runtime.service.statusLine.status);
  return new Promise((resolve) => {
    const off = runtime.service.statusLine.onChange((status) => {
      if (status.kind !== kind) return;
      off();
      resolve(status);
    });
  });
}

function ask(runtime: ChatRuntime, conversationId: string, answerId: string, question: string) {
  return askAndCollect(runtime.service, { answerId, conversationId, mode: 'ask', question });
}

test('at launch the installed model loads in the background and the status names it', async (t) => {
  const { runtime, installedDir } = await start(t);
  const ready = await until(runtime, 'ready');
  assert.equal(ready.kind === 'ready' && ready.modelName, catalog.models.find((m) => m.id === modelId)!.displayName);
  assert.equal(runtime.engine.model?.modelDir, installedDir);
});

test('without an installed model a question waits, says so, and is answered once a model is installed and chosen', async (t) => {
  const { runtime, dir } = await start(t, { install: false });
  assert.equal(runtime.service.statusLine.status.kind, 'no-model');
  const capture = await runtime.service.openCapture(await testPng(40, 30));
  const events: AnswerEvent[] = [];
  const waiting = new Promise<void>((resolve) => {
    void runtime.service.ask(
      { answerId: 'a1', conversationId: capture.id, mode: 'ask', question: 'stream 2' },
      (event) => {
        events.push(event);
        if (event.type === 'phase' && event.phase === 'waiting-model') resolve();
      },
    );
  });
  await waiting;
  // The download finishes: the settings service chooses the model, as after a first-run download.
  const modelDir = await installFakeModel(path.join(dir, 'models'));
  runtime.service.statusLine.setModel({ dir: modelDir, name: 'Fake', device: 'cpu' });
  await waitUntil(
    () => events.at(-1)?.type === 'done' || events.at(-1)?.type === 'error',
    'the kept question was answered',
  );
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'eos' }, JSON.stringify(events));
  assert.ok(events.some((event) => event.type === 'delta'));
  const saved = (await runtime.service.openConversation(capture.id)).turns.map((turn) => turn.role);
  assert.deepEqual(saved, ['user', 'assistant']);
});

test('the capture shortcut loads a model unloaded for idleness before the question; not while a server answers', async (t) => {
  const { runtime } = await start(t);
  await until(runtime, 'ready');
  await runtime.engine.unload();
  await until(runtime, 'resting');
  runtime.warmModel();
  await until(runtime, 'ready');
  assert.ok(runtime.engine.model, 'loaded again without a question');

  await runtime.engine.unload();
  await until(runtime, 'resting');
  runtime.useBackend({ kind: 'ollama', baseUrl: 'http://127.0.0.1:9', model: 'm', timeoutMs: 5000 });
  runtime.warmModel();
  assert.equal(
    runtime.service.statusLine.status.kind,
    'resting',
    'a model server answers: the local model stays unloaded',
  );
  assert.equal(runtime.engine.model, undefined);
});

test('a capture is answered, and a follow-up too, both kept in the history', async (t) => {
  const { runtime } = await start(t);
  await until(runtime, 'ready');
  const opened: string[] = [];
  runtime.service.onCapture((summary) => opened.push(summary.id));
  const capture = await runtime.service.openCapture(await testPng(120, 80));
  assert.deepEqual(opened, [capture.id], 'the chat window is told about the capture');
  const first = await ask(runtime, capture.id, 'a1', 'stream 3');
  assert.deepEqual(first.at(-1), { type: 'done', reason: 'eos' });
  assert.equal(first.filter((event) => event.type === 'delta').length, 3);
  const second = await ask(runtime, capture.id, 'a2', 'stream 2');
  assert.deepEqual(second.at(-1), { type: 'done', reason: 'eos' });
  const saved = await runtime.service.openConversation(capture.id);
  assert.deepEqual(
    saved.turns.map((turn) => [turn.role, turn.role === 'assistant' ? turn.outcome : turn.text]),
    [
      ['user', 'stream 3'],
      ['assistant', 'eos'],
      ['user', 'stream 2'],
      ['assistant', 'eos'],
    ],
  );
});

test('an engine crash ends the answer with an error, the engine comes back, and the conversation goes on', async (t) => {
  const { runtime, statuses } = await start(t);
  await until(runtime, 'ready');
  const capture = await runtime.service.openCapture(await testPng(64, 64));
  const crashed = await ask(runtime, capture.id, 'a1', 'crash');
  const end = crashed.at(-1);
  assert.equal(end?.type, 'error');
  assert.match(end?.type === 'error' ? end.error.message : '', /engine/i);
  // The host restarts it and the keeper's model loads again by itself.
  await until(runtime, 'ready');
  assert.ok(statuses.some((status) => status.kind === 'restarting'));
  const after = await ask(runtime, capture.id, 'a2', 'stream 2');
  assert.deepEqual(after.at(-1), { type: 'done', reason: 'eos' });
  const saved = await runtime.service.openConversation(capture.id);
  assert.deepEqual(
    saved.turns.map((turn) => (turn.role === 'assistant' ? turn.outcome : turn.text)),
    ['crash', 'error', 'stream 2', 'eos'],
    'nothing of the conversation was lost',
  );
});

test('a stop mid-answer ends it as stopped and the engine answers the next question', async (t) => {
  const { runtime } = await start(t);
  await until(runtime, 'ready');
  const capture = await runtime.service.openCapture(await testPng(64, 64));
  const events: AnswerEvent[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    runtime.service
      .ask({ answerId: 'a1', conversationId: capture.id, mode: 'ask', question: 'stream 500' }, (event) => {
        events.push(event);
        if (event.type === 'delta' && events.filter((e) => e.type === 'delta').length === 2) runtime.service.stop('a1');
        if (event.type === 'done' || event.type === 'error') resolve();
      })
      .catch(reject);
  });
  await ended;
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'stopped' });
  assert.ok(events.filter((event) => event.type === 'delta').length < 500);
  const next = await ask(runtime, capture.id, 'a2', 'stream 1');
  assert.deepEqual(next.at(-1), { type: 'done', reason: 'eos' });
});

test('the model the settings name is resolved only when it is installed', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-resolve-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  assert.equal(await resolveChatModel({ device: 'cpu' }, dir, catalog), undefined);
  const installed = await installFakeModel(dir);
  assert.deepEqual(await resolveChatModel({ device: 'gpu' }, dir, catalog), {
    dir: installed,
    name: catalog.models.find((m) => m.id === modelId)!.displayName,
    device: 'gpu',
  });
  assert.equal(await resolveChatModel({ device: 'cpu', modelId: 'not-in-catalog' }, dir, catalog), undefined);
});

test('with several dtypes installed, the one recommended for the device is loaded, as the settings panel picks it', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-resolve-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const entry = catalog.models.find((m) => m.id === modelId)!;
  const forGpu = await installFakeModel(dir, entry.recommended.gpu);
  const forCpu = await installFakeModel(dir, entry.recommended.cpu);
  assert.notEqual(forGpu, forCpu);
  assert.equal((await resolveChatModel({ device: 'gpu' }, dir, catalog))?.dir, forGpu);
  assert.equal((await resolveChatModel({ device: 'cpu' }, dir, catalog))?.dir, forCpu);
  assert.equal((await resolveChatModel({ device: 'auto' }, dir, catalog))?.dir, forCpu);
});
