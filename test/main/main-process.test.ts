import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CaptureTextState } from '../../common/capture-text.js';
import { chatInvokeChannels, type CaptureTextChange } from '../../common/chat-contract.js';
import { type Conversation } from '../../common/conversation.js';
import type { AnswerEvent } from '../../common/engine-protocol.js';
import { overlayInvokeChannels, overlaySendChannels, type OverlayFrame } from '../../common/overlay-contract.js';
import { pngSize } from '../../common/png-size.js';
import { settingsInvokeChannels, type UpdateReply } from '../../common/settings-contract.js';
import { testPng } from '../support/images.js';
import { installTinyModel } from '../support/installed-tiny-model.js';
import type { Report } from '../support/stand-in-electron/control.js';
import { chatWindowLoaded, launchStandIn, type StandInApp } from '../support/stand-in-electron/driver.js';
import { waitUntil } from '../support/wait-until.js';

// The built main process (dist/main/index.js), run for real under a stand-in
// for Electron's API (test/support/stand-in-electron): its composition root,
// protocol, windows, IPC guards, tray, settings, capture flow and chat, with
// the real engine and the tiny model in its "utility process". The test plays
// the pages' part over IPC. Where an Electron binary exists, test/e2e runs
// the same flow in real Electron with real pages.

let userData: string;
let app: StandInApp;
let chat: { windowId: number };
const screen = { width: 1280, height: 800 };

before(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-main-'));
  await installTinyModel(userData);
  const screenPng = path.join(userData, 'screen.png');
  await writeFile(screenPng, await testPng(screen.width, screen.height));
  app = launchStandIn({ userData, screenPng });
  chat = await chatWindowLoaded(app);
});

after(async () => {
  app.kill();
  await app.exited;
  await rm(userData, { recursive: true, force: true });
});

const sent = (channel: string) => (report: Extract<Report, { type: 'sent' }>) => report.channel === channel;

async function untilReady(): Promise<void> {
  await waitUntil(
    async () => ((await app.invoke('chat:status', undefined, chat)) as { kind: string }).kind === 'ready',
    'the model is loaded',
    60_000,
  );
}

function answerEvents(answerId: string): AnswerEvent[] {
  return app.reports.flatMap((report) =>
    report.type === 'port' && report.answerId === answerId ? [report.data as AnswerEvent] : [],
  );
}

/** The overlay window opened after report number `since`, once its page has loaded. */
async function overlayOpened(since: number): Promise<Extract<Report, { type: 'window' }>> {
  const window = await app.waitFor(
    'window',
    (report) => report.options.title === 'Sightline — select a region' && app.reports.indexOf(report) >= since,
  );
  await app.waitFor('loaded', (report) => report.windowId === window.windowId && report.status === 200);
  return window;
}

/** The conversation the last capture opened. */
function lastCaptureId(): string {
  const opened = app.reports.filter((report) => report.type === 'sent' && report.channel === 'chat:capture-opened');
  return ((opened.at(-1) as Extract<Report, { type: 'sent' }>).payload as { id: string }).id;
}

async function readConversation(id: string): Promise<Conversation> {
  return JSON.parse(await readFile(path.join(userData, 'history', id, 'conversation.json'), 'utf8')) as Conversation;
}

test('the app starts with one chat window, sandboxed, loaded over app:// and hardened', async () => {
  const state = await app.state();
  const windows = state.windows.filter((window) => !window.destroyed);
  assert.equal(windows.length, 1);
  const [window] = windows;
  const preferences = window!.options.webPreferences as Record<string, unknown>;
  assert.deepEqual(
    [preferences.sandbox, preferences.contextIsolation, preferences.nodeIntegration, preferences.webSecurity],
    [true, true, false, true],
  );
  assert.ok(existsSync(preferences.preload as string), 'the chat preload is built where the window looks');
  assert.equal(window!.opensWindows, 'deny');
  assert.equal(window!.navigationGuarded, true);
  assert.equal(await app.command({ op: 'permission', permission: 'media' }), false, 'no permission is granted');
  assert.deepEqual(state.privilegedSchemes, [
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);

  // The pages come from the build folder, and nothing outside it does.
  const page = (await app.command({ op: 'load', url: 'app://chat/index.html' })) as { status: number; body: string };
  assert.equal(page.status, 200);
  assert.match(page.body, /Content-Security-Policy/);
  for (const url of [
    'app://chat/../../package.json',
    'app://chat/%2e%2e/%2e%2e/package.json',
    'app://nope/index.html',
  ]) {
    const refused = (await app.command({ op: 'load', url })) as { status: number };
    assert.equal(refused.status, 404, url);
  }
});

test('every channel the pages call is served, and only to the page it belongs to', async () => {
  const state = await app.state();
  const invoked = [
    'app:info',
    ...Object.keys(chatInvokeChannels),
    ...Object.keys(settingsInvokeChannels),
    ...Object.keys(overlayInvokeChannels),
  ];
  for (const channel of invoked) assert.ok(state.ipcHandlers.includes(channel), `${channel} has a handler`);
  for (const channel of Object.keys(overlaySendChannels)) assert.ok(state.ipcListeners.includes(channel), channel);

  const info = (await app.invoke('app:info', undefined, chat)) as { name: string; platform: string };
  assert.equal(info.name, 'Sightline');
  // Another site's frame, a page calling another page's channel, a malformed payload: all refused.
  await assert.rejects(app.invoke('settings:get', undefined, { frameUrl: 'https://evil.example/' }), /refused/i);
  await assert.rejects(app.invoke('overlay:frame', undefined, chat), /refused/i);
  await assert.rejects(app.invoke('chat:open-conversation', { conversationId: 42 }, chat), /refused/i);
});

test('settings from the page reach Electron: theme, shortcut (tray shows it), and the tray opens settings and history', async () => {
  const before = await app.state();
  assert.deepEqual(before.commandLineSwitches, [['enable-features', 'GlobalShortcutsPortal']], 'Wayland: the portal');
  const oldShortcut = before.shortcuts[0]!;
  assert.equal(before.trayMenu[0]?.accelerator, oldShortcut);

  const reply = (await app.invoke('settings:update', { theme: 'dark', hotkey: 'Alt+Shift+K' }, chat)) as UpdateReply;
  assert.equal(reply.ok, true, JSON.stringify(reply));
  const after = await app.state();
  assert.equal(after.themeSource, 'dark');
  assert.deepEqual(after.shortcuts, ['Alt+Shift+K']);
  assert.equal(after.trayMenu[0]?.accelerator, 'Alt+Shift+K', 'the tray shows the new shortcut');
  const saved = JSON.parse(await readFile(path.join(userData, 'settings.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([saved.theme, saved.hotkey], ['dark', 'Alt+Shift+K']);
  await app.waitFor('sent', sent('settings:changed'));

  // Linux has no login items in Electron: refused in words, nothing saved.
  const login = (await app.invoke('settings:update', { startAtLogin: true }, chat)) as UpdateReply;
  assert.equal(login.ok, false);

  await app.command({ op: 'tray-click', label: 'Settings…' });
  await app.waitFor('sent', (report) => report.channel === 'app:show-view' && report.windowId === chat.windowId);
  await app.command({ op: 'tray-click', label: 'History…' });
  await app.waitFor(
    'sent',
    (report) => report.channel === 'app:show-view' && (report.payload as { view: string }).view === 'history',
  );
});

test('hotkey to answer: the display is captured, an overlay selects a region, the crop opens in the chat, the engine answers over a port', async () => {
  await untilReady();
  const status = (await app.invoke('chat:status', undefined, chat)) as { provider: string };
  assert.equal(status.provider, 'cpu');

  const since = app.reports.length;
  await app.command({ op: 'hotkey' });
  const overlayWindow = await overlayOpened(since);
  const overlay = { windowId: overlayWindow.windowId };
  assert.deepEqual(overlayWindow.options.width, screen.width);
  // The chat page may not read the overlay's frame; the overlay may.
  const frame = (await app.invoke('overlay:frame', undefined, overlay)) as OverlayFrame;
  assert.deepEqual(frame.captureSize, screen);
  // desktopCapturer's picture (the stand-in runs as under Wayland) reaches the overlay as a PNG.
  assert.equal(frame.image.format, 'png');
  assert.deepEqual(pngSize(frame.image.bytes), screen);
  // Shown once painted: never a black window before the frame is drawn.
  assert.equal(
    app.reports.some((report) => report.type === 'shown' && report.windowId === overlay.windowId),
    false,
  );
  await app.send('overlay:painted', undefined, overlay);
  await app.waitFor('shown', (report) => report.windowId === overlay.windowId);
  // Kept out of screen shares and screenshots (where the system can: Electron's content protection).
  assert.ok(
    app.reports.some(
      (report) => report.type === 'content-protection' && report.windowId === overlay.windowId && report.enabled,
    ),
    'the overlay asks for content protection',
  );

  const rect = { x: 100, y: 60, width: 400, height: 200 };
  const confirmed = await app.invoke(
    'overlay:confirm',
    { displayId: frame.displayId, dipRect: rect, pixelRect: rect },
    overlay,
  );
  assert.deepEqual(confirmed, { ok: true });
  await app.waitFor('closed', (report) => report.windowId === overlay.windowId);
  const opened = await app.waitFor('sent', sent('chat:capture-opened'));
  const conversationId = (opened.payload as { id: string }).id;
  const capture = await readFile(path.join(userData, 'history', conversationId, 'capture.png'));
  assert.deepEqual(pngSize(capture), { width: 400, height: 200 }, 'the engine cropped the selected pixels');

  await app.invoke('chat:ask', { answerId: 'a1', conversationId, mode: 'ask', question: 'What is this?' }, chat);
  await app.waitFor(
    'port',
    (report) => report.answerId === 'a1' && (report.data as AnswerEvent).type === 'done',
    60_000,
  );
  const events = answerEvents('a1');
  assert.ok(
    events.some((event) => event.type === 'delta'),
    'text streamed',
  );
  const end = events.at(-1);
  assert.ok(end?.type === 'done' && ['eos', 'length'].includes(end.reason), JSON.stringify(end));
  const saved = await readConversation(conversationId);
  assert.deepEqual(
    saved.turns.map((turn) => turn.role),
    ['user', 'assistant'],
  );

  // The capture's text, read by the engine's text layer, reaches the chat window too.
  const textRead = await app.waitFor(
    'sent',
    (report) =>
      report.channel === 'chat:capture-text-changed' &&
      (report.payload as CaptureTextChange).conversationId === conversationId,
    60_000,
  );
  assert.equal((textRead.payload as CaptureTextChange).text.state, 'read', JSON.stringify(textRead.payload));
  const asked = (await app.invoke('chat:capture-text', { conversationId }, chat)) as CaptureTextState;
  assert.equal(asked.state, 'read');
});

test('"sightline --capture" from a system shortcut opens the overlay; Esc (or the hotkey again) cancels, nothing is captured, the chat comes back', async () => {
  const before = app.reports.length;
  const captures = () =>
    app.reports.filter((report) => report.type === 'sent' && report.channel === 'chat:capture-opened');
  const capturesBefore = captures().length;
  await app.command({ op: 'second-instance', argv: ['sightline', '--capture'] });
  const overlay = { windowId: (await overlayOpened(before)).windowId };
  // While the overlay is up the chat window is hidden, so it is not in the capture.
  assert.equal((await app.state()).windows.find((w) => w.windowId === chat.windowId)?.visible, false);
  await app.send('overlay:cancel', undefined, overlay);
  await app.waitFor('closed', (report) => report.windowId === overlay.windowId);
  await app.waitFor('shown', (report) => report.windowId === chat.windowId && app.reports.indexOf(report) >= before);

  // The hotkey pressed again while the overlay is up cancels too.
  const again = app.reports.length;
  await app.command({ op: 'hotkey' });
  const second = await overlayOpened(again);
  await app.command({ op: 'hotkey' });
  await app.waitFor('closed', (report) => report.windowId === second.windowId);
  assert.equal(captures().length, capturesBefore, 'no conversation was opened');
});

test('the engine crashing mid-answer ends that answer with a clear error; the engine restarts and answers the next question', async () => {
  const conversationId = lastCaptureId();
  await app.invoke('chat:ask', { answerId: 'a3', conversationId, mode: 'ask', question: 'Again?' }, chat);
  await app.waitFor('port', (report) => report.answerId === 'a3' && (report.data as AnswerEvent).type === 'delta');
  assert.equal(await app.command({ op: 'crash-utility' }), 1);
  const ended = await app.waitFor(
    'port',
    (report) => report.answerId === 'a3' && ['done', 'error'].includes((report.data as AnswerEvent).type),
  );
  const end = ended.data as AnswerEvent;
  assert.equal(end.type, 'error', JSON.stringify(end));
  assert.match(end.type === 'error' ? end.error.message : '', /engine/i);
  const saved = await readConversation(conversationId);
  const last = saved.turns.at(-1);
  assert.ok(last?.role === 'assistant' && last.outcome === 'error', 'the failed answer is kept with its reason');

  await untilReady();
  await app.invoke('chat:ask', { answerId: 'a4', conversationId, mode: 'ask', question: 'Once more?' }, chat);
  const done = await app.waitFor(
    'port',
    (report) => report.answerId === 'a4' && ['done', 'error'].includes((report.data as AnswerEvent).type),
    60_000,
  );
  assert.equal((done.data as AnswerEvent).type, 'done', JSON.stringify(done.data));
});

test("Stop on the page goes over the answer's port: the answer ends as stopped at once", async () => {
  const conversationId = lastCaptureId();
  await app.invoke('chat:ask', { answerId: 'a5', conversationId, mode: 'ask', question: 'Stop soon?' }, chat);
  await app.waitFor('port', (report) => report.answerId === 'a5' && (report.data as AnswerEvent).type === 'delta');
  await app.command({ op: 'answer-port-post', answerId: 'a5', message: { type: 'stop' } });
  const ended = await app.waitFor(
    'port',
    (report) => report.answerId === 'a5' && ['done', 'error'].includes((report.data as AnswerEvent).type),
  );
  const end = ended.data as AnswerEvent;
  assert.deepEqual([end.type, end.type === 'done' && end.reason], ['done', 'stopped']);
  const last = (await readConversation(conversationId)).turns.at(-1);
  assert.ok(last?.role === 'assistant' && last.outcome === 'stopped');
});

test('quitting from the tray while an answer streams saves it as stopped, then the app exits', async () => {
  const conversationId = lastCaptureId();
  await app.invoke('chat:ask', { answerId: 'a2', conversationId, mode: 'ask', question: 'And this?' }, chat);
  await app.waitFor('port', (report) => report.answerId === 'a2' && (report.data as AnswerEvent).type === 'delta');
  await app.command({ op: 'tray-click', label: 'Quit Sightline' });
  const exit = await app.exited;
  assert.equal(exit.code, 0, app.output());
  const saved = await readConversation(conversationId);
  const last = saved.turns.at(-1);
  assert.equal(last?.role, 'assistant');
  assert.equal(last?.role === 'assistant' && last.outcome, 'stopped', 'the answer in flight was kept as stopped');
  assert.ok(last?.text.length, 'with what it had written');
  assert.equal(saved.turns.at(-2)?.text, 'And this?');
});

test('a settings file that cannot be read: the app starts with defaults, says so, and keeps the file', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-main-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'settings.json'), '{ "theme": "dark", ');
  const second = launchStandIn({ userData: dir });
  t.after(() => second.kill());
  const dialog = await second.waitFor('dialog');
  assert.match(dialog.message, /settings could not be read/);
  await second.waitFor('loaded');
  const settings = (await second.invoke('settings:get', undefined, { windowId: 1 })) as {
    settings: { theme: string };
  };
  assert.equal(settings.settings.theme, 'system');
  const kept = (await readdir(dir)).filter((name) => name.startsWith('settings.json.') || name.includes('corrupt'));
  assert.equal(kept.length, 1, `the unreadable file is kept aside: ${(await readdir(dir)).join(', ')}`);
  assert.equal(await readFile(path.join(dir, kept[0]!), 'utf8'), '{ "theme": "dark", ');
});

test('an engine that keeps crashing: the app stops restarting it, says so in a notification and in the chat', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-main-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // With a model to load, the engine starts at launch (without one it waits until there is one).
  await installTinyModel(dir);
  const crashing = launchStandIn({ userData: dir });
  t.after(() => crashing.kill());
  await crashing.waitFor('loaded');
  const window = { windowId: 1 };
  // Each time the engine is (re)started, it crashes, until the app gives up.
  while (!crashing.reports.some((report) => report.type === 'notification')) {
    await waitUntil(
      async () =>
        crashing.reports.some((report) => report.type === 'notification') ||
        (await crashing.state()).utilityProcesses > 0,
      'the engine is started again',
    );
    await crashing.command({ op: 'crash-utility' });
  }
  const notification = await crashing.waitFor('notification');
  assert.match(notification.title, /engine stopped/);
  assert.match(notification.body, /crash/i);
  const status = (await crashing.invoke('chat:status', undefined, window)) as { kind: string; message: string };
  assert.equal(status.kind, 'error');
  assert.equal(status.message, notification.body, 'the chat says the same, with a retry');
});
