import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings } from '../../../common/settings.js';
import type { DownloadEvent, SettingsView } from '../../../common/settings-contract.js';
import { ChatService, type ChatModel, type DownloadProgress } from '../../../host/chat/chat-service.js';
import { memorySettingsPort, settingsFilePort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { listInstalledModels } from '../../../host/models/index.js';
import { BackendSwitch, routeAsks } from '../../../host/answers/backend-switch.js';
import { directPrepareImage } from '../../../host/answers/direct-prepare-image.js';
import { localBackend } from '../../../host/answers/local-backend.js';
import { MemorySecretStore } from '../../../host/secrets/secret-store.js';
import { backendPorts, SettingsService, type HotkeyResult } from '../../../host/settings/settings-service.js';
import { SettingsStore } from '../../../host/settings/settings-store.js';
import { askAndCollect } from '../../support/answer-events.js';
import { testPng } from '../../support/images.js';
import { ScriptedEngine } from '../chat/scripted-engine.js';
import { startFakeHub, type FakeFile, type FakeHub } from '../../support/fake-hub.js';
import { fastRetry, tinyCatalog, tinyFiles, tinyId, tinyRepo, tinyRevision } from '../../support/tiny-catalog.js';
import { startFakeServer } from '../../support/fake-model-server.js';

// The settings panel's service with fakes for the platform (shortcut, theme,
// login item, notifications, the chat), a real settings file, a real
// downloader against a fake hub, and real model-server backends against a
// fake server.
let files: FakeFile[];
let hub: FakeHub;
const dirs: string[] = [];

before(async () => {
  files = await tinyFiles();
  hub = await startFakeHub({ repo: tinyRepo, revision: tinyRevision, files });
});
after(async () => {
  await hub.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface FakeChat {
  status: ChatService['status'];
  models: ChatModel[];
  reported: DownloadProgress[];
  loads: number;
  setModel(model: ChatModel): void;
  reportDownload(name: string, progress: DownloadProgress): void;
  loadModel(): void;
}

function fakeChat(): FakeChat {
  const chat: FakeChat = {
    status: { kind: 'no-model' },
    models: [],
    reported: [],
    loads: 0,
    setModel: (model) => void chat.models.push(model),
    reportDownload: (_name, progress) => void chat.reported.push(progress),
    loadModel: () => void chat.loads++,
  };
  return chat;
}

async function setup(options: { taken?: string[]; startAtLogin?: boolean; screenShare?: boolean } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-settings-service-'));
  dirs.push(dir);
  const store = new SettingsStore(dir, defaultSettings('Alt+Shift+S'));
  const settings = settingsFilePort(store);
  const registered: string[] = ['Alt+Shift+S'];
  const themes: string[] = [];
  const loginItems: boolean[] = [];
  const hiddenFromScreenShare: boolean[] = [];
  const notices: Array<{ title: string; body: string }> = [];
  const engine = new ScriptedEngine();
  const backends = new BackendSwitch(localBackend({ ask: (r) => engine.ask(r), model: undefined, state: 'ready' }));
  const secrets = new MemorySecretStore();
  const chat = fakeChat();
  const service = new SettingsService({
    settings,
    applyHotkey: (accelerator): HotkeyResult => {
      if (options.taken?.includes(accelerator)) return { ok: false, reason: `${accelerator} is used by another app.` };
      registered.push(accelerator);
      return { ok: true };
    },
    applyTheme: (theme) => void themes.push(theme),
    setStartAtLogin:
      options.startAtLogin === false
        ? undefined
        : async (enabled) => {
            // A system call: it takes a moment.
            await new Promise((resolve) => setTimeout(resolve, 20));
            loginItems.push(enabled);
          },
    setHiddenFromScreenShare:
      options.screenShare === false ? undefined : (hidden) => void hiddenFromScreenShare.push(hidden),
    models: {
      root: path.join(dir, 'models'),
      catalog: tinyCatalog(files),
      hub: { endpoint: hub.endpoint },
      retry: fastRetry,
    },
    secrets,
    backends: backendPorts(backends, { local: backends.current, secrets, prepareImage: directPrepareImage }),
    chat,
    notify: (title, body) => void notices.push({ title, body }),
  });
  const changes: SettingsView[] = [];
  service.onChanged((view) => changes.push(view));
  return {
    dir,
    store,
    settings,
    service,
    registered,
    themes,
    loginItems,
    hiddenFromScreenShare,
    notices,
    engine,
    backends,
    secrets,
    chat,
    changes,
  };
}

const settingsFile = (dir: string) => readFile(path.join(dir, 'settings.json'), 'utf8');

function downloadEnd(service: SettingsService, events: DownloadEvent[]): Promise<DownloadEvent> {
  return new Promise((resolve) => {
    service.onDownload((event) => {
      events.push(event);
      if (event.state !== 'progress') resolve(event);
    });
  });
}

test('a change is validated, applied and saved; a bad one is refused with its reason and nothing changes', async () => {
  const { dir, service, themes, loginItems, changes } = await setup();
  const reply = await service.update({ theme: 'dark', answerLanguage: 'fr', historyDays: 30, startAtLogin: true });
  assert.equal(reply.ok, true);
  assert.equal(reply.view.settings.theme, 'dark');
  assert.deepEqual(themes, ['dark']);
  assert.deepEqual(loginItems, [true]);
  const saved = JSON.parse(await settingsFile(dir)) as Record<string, unknown>;
  assert.equal(saved.theme, 'dark');
  assert.equal(saved.answerLanguage, 'fr');
  assert.equal(saved.historyDays, 30);
  // Saved atomically: no temporary file left beside it.
  assert.deepEqual(
    (await readdir(dir)).filter((name) => name !== 'models'),
    ['settings.json'],
  );
  assert.ok(
    changes.some((view) => view.settings.theme === 'dark'),
    'every page heard of the change',
  );

  const before = await settingsFile(dir);
  for (const bad of [{ theme: 'purple' }, { idleUnloadMinutes: -1 }, { historyDays: 1.5 }, { modelId: 'x' }]) {
    const refused = await service.update(bad);
    assert.equal(refused.ok, false, JSON.stringify(bad));
    assert.ok(!refused.ok && refused.reason.length > 0);
    assert.equal(refused.view.settings.theme, 'dark');
  }
  assert.equal(await settingsFile(dir), before, 'a refused change writes nothing');

  // "Keep all" (null over the wire) drops the limit; "keep none" is 0.
  assert.equal((await service.update({ historyDays: null })).view.settings.historyDays, undefined);
  assert.equal((await service.update({ historyDays: 0 })).view.settings.historyDays, 0);
});

test('quick changes one after another all stick, even while one waits on the system', async () => {
  const { dir, service } = await setup();
  // Start at login answers slowly (a system call); the next changes arrive meanwhile.
  const replies = await Promise.all([
    service.update({ startAtLogin: true }),
    service.update({ answerLanguage: 'fr' }),
    service.update({ device: 'cpu' }),
  ]);
  assert.ok(replies.every((reply) => reply.ok));
  const saved = JSON.parse(await settingsFile(dir)) as Record<string, unknown>;
  assert.deepEqual([saved.startAtLogin, saved.answerLanguage, saved.device], [true, 'fr', 'cpu']);
  assert.deepEqual([replies[2]!.view.settings.startAtLogin, replies[2]!.view.settings.answerLanguage], [true, 'fr']);
});

test('a shortcut another app holds is refused with the reason, and the old one stays', async () => {
  const { dir, service, registered } = await setup({ taken: ['Ctrl+Alt+P'] });
  const taken = await service.update({ hotkey: 'Ctrl+Alt+P' });
  assert.equal(taken.ok, false);
  assert.equal(!taken.ok && taken.reason, 'Ctrl+Alt+P is used by another app.');
  assert.equal(taken.view.settings.hotkey, 'Alt+Shift+S');
  const invalid = await service.update({ hotkey: 'Shift+A' });
  assert.match(!invalid.ok ? invalid.reason : '', /Shift alone/);
  assert.deepEqual(registered, ['Alt+Shift+S'], 'nothing else was registered');

  const changed = await service.update({ hotkey: 'Ctrl+Alt+K' });
  assert.equal(changed.ok, true);
  assert.equal(JSON.parse(await settingsFile(dir)).hotkey, 'Ctrl+Alt+K');
});

test('start at login is refused where the platform has none, and the page is told to hide it', async () => {
  const { service } = await setup({ startAtLogin: false });
  assert.equal((await service.view()).startAtLoginSupported, false);
  const reply = await service.update({ startAtLogin: true });
  assert.equal(reply.ok, false);
  assert.equal(reply.view.settings.startAtLogin, false);
});

test('windows stay out of screen shares from the start; the setting turns it off and on; refused where the system cannot', async () => {
  const { service, hiddenFromScreenShare, store } = await setup();
  await service.init();
  assert.deepEqual(hiddenFromScreenShare, [true], 'on by default, applied at start');
  assert.equal((await service.view()).screenShareHidingSupported, true);
  const off = await service.update({ hideFromScreenShare: false });
  assert.equal(off.ok && off.view.settings.hideFromScreenShare, false);
  assert.deepEqual(hiddenFromScreenShare, [true, false]);
  assert.equal((await store.load()).settings.hideFromScreenShare, false, 'saved');

  const linux = await setup({ screenShare: false });
  assert.equal((await linux.service.view()).screenShareHidingSupported, false);
  const refused = await linux.service.update({ hideFromScreenShare: false });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.reason : '', /cannot keep windows out of screen sharing/);
});

test('a download reports progress, then installs, notifies, and the model is used', async () => {
  const { dir, service, notices, chat } = await setup();
  const tiny = async () => (await service.listModels()).models.find((model) => model.id === tinyId)!;
  const before = await tiny();
  assert.deepEqual(before.installed, []);
  assert.ok(before.bytes > 0, 'the download size is shown');
  assert.equal(before.goodFor, 'Tests');

  const events: DownloadEvent[] = [];
  const end = downloadEnd(service, events);
  await service.download(tinyId);
  assert.deepEqual(await end, { state: 'done', id: tinyId, dtype: 'q8' });
  const progress = events.filter((event) => event.state === 'progress');
  assert.ok(progress.length > 0, 'progress was reported');
  const last = progress.at(-1)!;
  assert.ok(last.state === 'progress' && last.bytesTotal > 0);
  assert.ok(chat.reported.length > 0, 'the status line followed the download (no model before)');
  assert.deepEqual(
    notices.map((n) => n.title),
    ['Model downloaded'],
  );

  // Used at once: nothing else was set up.
  for (let i = 0; i < 100 && chat.models.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(chat.models.length, 1);
  assert.match(chat.models[0]!.dir, new RegExp(`${tinyId}.q8$`));
  assert.equal(JSON.parse(await settingsFile(dir)).modelId, tinyId);
  const listed = await tiny();
  assert.deepEqual(
    listed.installed.map((m) => m.dtype),
    ['q8'],
  );
  assert.equal(listed.inUse, true);
  // The model in use cannot be removed from under the engine.
  await assert.rejects(service.removeModel(tinyId), /in use/);

  // A device change loads the model again, on that device.
  await service.update({ device: 'cpu' });
  assert.equal(chat.models.at(-1)?.device, 'cpu');
});

test('a cancelled download leaves nothing installed, and says so', async (t) => {
  const { dir, service, chat } = await setup();
  hub.faults.throttle = { chunkBytes: 4 * 1024, delayMs: 20 };
  t.after(() => void delete hub.faults.throttle);
  const events: DownloadEvent[] = [];
  const end = downloadEnd(service, events);
  service.onDownload((event) => {
    if (event.state === 'progress' && event.phase === 'downloading' && event.bytesDone > 0)
      service.cancelDownload(tinyId);
  });
  await service.download(tinyId);
  assert.deepEqual(await end, { state: 'cancelled', id: tinyId });
  assert.deepEqual(await listInstalledModels(path.join(dir, 'models')), []);
  const listed = (await service.listModels()).models.find((model) => model.id === tinyId)!;
  assert.deepEqual(listed.installed, []);
  assert.equal(listed.inUse, false);
  assert.equal(chat.models.length, 0);
  assert.ok(chat.loads > 0, 'the status line went back to "no model"');
  assert.equal((await service.useModel(tinyId)).ok, false, 'a model that is not installed cannot be used');
});

test('without a network the download fails plainly', async () => {
  const offline = new SettingsService({
    settings: memorySettingsFile(),
    applyHotkey: () => ({ ok: true }),
    models: {
      root: path.join(os.tmpdir(), `sightline-offline-${process.pid}`),
      catalog: tinyCatalog(files),
      hub: { endpoint: 'http://127.0.0.1:9' },
      retry: fastRetry,
    },
    secrets: new MemorySecretStore(),
    backends: { use: () => {}, remote: () => assert.fail('no backend') },
    chat: fakeChat(),
  });
  const events: DownloadEvent[] = [];
  const end = downloadEnd(offline, events);
  await offline.download(tinyId);
  const failed = await end;
  assert.equal(failed.state, 'failed');
  assert.ok(failed.state === 'failed' && failed.reason.length > 10, failed.state === 'failed' ? failed.reason : '');
});

function memorySettingsFile() {
  const dir = path.join(os.tmpdir(), `sightline-offline-settings-${process.pid}-${Date.now()}`);
  dirs.push(dir);
  return settingsFilePort(new SettingsStore(dir, defaultSettings('Alt+Shift+S')));
}

test('switching the answer source routes the next question to the server, and back', async (t) => {
  const { service, engine, backends, dir } = await setup();
  const server = await startFakeServer({ protocol: 'ollama', stepMs: 1 });
  t.after(() => server.close());
  const history = new HistoryStore(path.join(dir, 'history'));
  const chat = new ChatService({
    engine: routeAsks(engine, backends),
    store: history,
    settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
    model: { dir: '/models/tiny', name: 'Tiny', device: 'cpu' },
  });
  t.after(() => chat.dispose());

  const report = await service.checkBackend({
    kind: 'ollama',
    baseUrl: server.baseUrl,
    model: 'llava',
    timeoutMs: 5000,
  });
  assert.equal(report.ok, true, report.summary);
  const models = await service.remoteModels({ kind: 'ollama', baseUrl: server.baseUrl });
  assert.deepEqual(models, { ok: true, models: ['llava:latest'] });

  const reply = await service.update({
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

  await service.update({ backend: { kind: 'local' } });
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
  const server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'], requireKey: key });
  t.after(() => server.close());
  const draft = { kind: 'openai' as const, baseUrl: server.baseUrl, model: 'qwen2-vl', timeoutMs: 5000 };

  const without = await service.checkBackend(draft);
  assert.equal(without.ok, false);

  const view = await service.setApiKey({ kind: 'openai', apiKey: key });
  assert.deepEqual(view.apiKeyStored, { ollama: false, openai: true });
  assert.equal(await secrets.get('openai-api-key'), key);
  assert.equal((await service.checkBackend(draft)).ok, true, 'the stored key is sent');

  const applied = await service.update({ backend: { ...draft, apiKeyRef: 'ollama-api-key' } });
  assert.equal(applied.ok, true);
  assert.equal(
    applied.view.settings.backend.kind === 'openai' && applied.view.settings.backend.apiKeyRef,
    'openai-api-key',
  );

  // A wrong key: the server echoes it back in its error, the report must not.
  await service.setApiKey({ kind: 'openai', apiKey: `${key}-wrong` });
  const wrong = await service.checkBackend(draft);
  assert.equal(wrong.ok, false);
  const tooLong = await service
    .setApiKey({ kind: 'openai', apiKey: `${key}${'x'.repeat(5000)}` })
    .catch((e: Error) => e);
  assert.ok(tooLong instanceof Error);

  const everything = [
    JSON.stringify(await service.view()),
    JSON.stringify(changes),
    JSON.stringify(wrong),
    JSON.stringify(without),
    tooLong.message,
    await settingsFile(dir),
  ].join('\n');
  assert.ok(!everything.includes(key), 'the key appears nowhere the page or the disk can see');

  const removed = await service.setApiKey({ kind: 'openai', apiKey: null });
  assert.equal(removed.apiKeyStored.openai, false);
  assert.equal(removed.settings.backend.kind === 'openai' && removed.settings.backend.apiKeyRef, undefined);
});

test('a settings file from before answer sources loads with the local engine', async () => {
  const { dir, store } = await setup();
  const { writeFile } = await import('node:fs/promises');
  const old = { ...defaultSettings('Alt+Shift+S'), theme: 'light' } as Record<string, unknown>;
  delete old.backend;
  await writeFile(path.join(dir, 'settings.json'), JSON.stringify(old));
  const loaded = await store.load();
  assert.equal(loaded.source, 'file');
  assert.deepEqual(loaded.settings.backend, { kind: 'local' });
  assert.equal(loaded.settings.theme, 'light');
});
