import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { CaptureAdded } from '../../../common/chat-contract.js';
import type { ConversationSummary } from '../../../common/conversation.js';
import type { OverlayFrame } from '../../../common/overlay-contract.js';
import { pngSize } from '../../../common/png-size.js';
import type { UpdateReply } from '../../../common/settings-contract.js';
import { differingPixels, testPng } from '../../support/images.js';
import { chatWindowLoaded, launchStandIn, type StandInApp } from '../../support/stand-in-electron/driver.js';

// The repeat shortcut in the built main process under the stand-in Electron:
// off until chosen in the settings, a tray item that waits for a first
// region, and then the same region captured again — no overlay — into the
// same conversation, a new one, or a new one when the first was deleted.
let userData: string;
let app: StandInApp;
let chat: { windowId: number };
/** The stand-in display's pixels, to check a capture against. */
let screenPixels: { data: Buffer; width: number };
const screen = { width: 1280, height: 800 };
const rect = { x: 100, y: 60, width: 400, height: 200 };
const repeatItem = 'Capture the Same Region Again';

before(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-repeat-'));
  const screenPng = path.join(userData, 'screen.png');
  await writeFile(screenPng, await testPng(screen.width, screen.height));
  const { data, info } = await sharp(screenPng).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  screenPixels = { data, width: info.width };
  app = launchStandIn({ userData, screenPng });
  chat = await chatWindowLoaded(app);
});

after(async () => {
  app.kill();
  await app.exited;
  await rm(userData, { recursive: true, force: true });
});

const update = (patch: Record<string, unknown>) => app.invoke('settings:update', patch, chat) as Promise<UpdateReply>;
const trayItem = async (label: string) => (await app.state()).trayMenu.find((item) => item.label === label);
const overlays = () =>
  app.reports.filter((report) => report.type === 'window' && report.options.title === 'Sightline — select a region');
const sentAfter = <C extends string>(since: number, channel: C) =>
  app.waitFor('sent', (report) => report.channel === channel && app.reports.indexOf(report) >= since);

test('off by default; chosen in the settings it is registered and shown in the tray; the capture shortcut’s keys are refused', async () => {
  const before = await app.state();
  assert.deepEqual(before.shortcuts, ['Alt+Shift+S'], 'only the capture shortcut');
  assert.equal((await trayItem(repeatItem))?.enabled, false, 'nothing to repeat yet');

  const clash = await update({ repeatHotkey: 'Shift+Alt+S' });
  assert.equal(clash.ok, false);
  assert.deepEqual(!clash.ok && clash.refusals.map((refusal) => refusal.code), ['shortcut-is-capture']);

  assert.equal((await update({ repeatHotkey: 'Ctrl+Alt+R' })).ok, true);
  assert.deepEqual((await app.state()).shortcuts, ['Alt+Shift+S', 'Ctrl+Alt+R']);
  assert.equal((await trayItem(repeatItem))?.accelerator, 'Ctrl+Alt+R');

  // Pressed before any region: said, with the capture shortcut to use first.
  await app.command({ op: 'hotkey', accelerator: 'Ctrl+Alt+R' });
  const said = await app.waitFor('dialog', (report) => report.message === 'There is no region to capture again yet');
  assert.match(said.detail ?? '', /Capture a region first with Alt\+Shift\+S/);
  assert.equal(overlays().length, 0);
});

test('after a capture, the repeat takes the same pixels again without an overlay, into the same conversation, then a new one', async () => {
  const since = app.reports.length;
  await app.command({ op: 'hotkey' });
  const overlay = await app.waitFor(
    'window',
    (report) => report.options.title === 'Sightline — select a region' && app.reports.indexOf(report) >= since,
  );
  await app.waitFor('loaded', (report) => report.windowId === overlay.windowId && report.status === 200);
  const frame = (await app.invoke('overlay:frame', undefined, overlay)) as OverlayFrame;
  await app.invoke('overlay:confirm', { displayId: frame.displayId, dipRect: rect, pixelRect: rect }, overlay);
  const opened = (await sentAfter(since, 'chat:capture-opened')).payload as ConversationSummary;
  const first = await readFile(path.join(userData, 'history', opened.id, 'capture.png'));
  assert.equal((await trayItem(repeatItem))?.enabled, true, 'the tray offers the repeat once a region exists');

  // Same conversation (the default): the capture is added to it.
  const overlaysBefore = overlays().length;
  const repeated = app.reports.length;
  await app.command({ op: 'hotkey', accelerator: 'Ctrl+Alt+R' });
  const added = (await sentAfter(repeated, 'chat:capture-added')).payload as CaptureAdded;
  assert.equal(added.conversationId, opened.id);
  const again = (await app.invoke(
    'chat:capture-image',
    { conversationId: opened.id, capture: added.capture },
    chat,
  )) as Uint8Array;
  assert.deepEqual(pngSize(again), { width: rect.width, height: rect.height });
  // The stand-in screen does not change: the same region gives the same pixels, the screen's own.
  assert.deepEqual(await differingPixels(first, rect, screenPixel), []);
  assert.deepEqual(await differingPixels(again, rect, screenPixel), []);
  assert.equal(overlays().length, overlaysBefore, 'no overlay');
  await app.waitFor('shown', (report) => report.windowId === chat.windowId && app.reports.indexOf(report) >= repeated);

  // A new conversation, from the tray this time.
  assert.equal((await update({ repeatInto: 'new-conversation' })).ok, true);
  const fromTray = app.reports.length;
  await app.command({ op: 'tray-click', label: repeatItem });
  const second = (await sentAfter(fromTray, 'chat:capture-opened')).payload as ConversationSummary;
  assert.notEqual(second.id, opened.id);
  assert.deepEqual(await readFile(path.join(userData, 'history', second.id, 'capture.png')), first);
  assert.equal(overlays().length, overlaysBefore, 'still no overlay');

  // Back to "same conversation", but the user deleted it: a new one opens.
  assert.equal((await update({ repeatInto: 'same-conversation' })).ok, true);
  await app.invoke('chat:delete-conversation', { conversationId: second.id }, chat);
  const afterDelete = app.reports.length;
  await app.command({ op: 'hotkey', accelerator: 'Ctrl+Alt+R' });
  const third = (await sentAfter(afterDelete, 'chat:capture-opened')).payload as ConversationSummary;
  assert.notEqual(third.id, second.id);

  // Turned off: unregistered, and the tray item has no shortcut beside it.
  assert.equal((await update({ repeatHotkey: '' })).ok, true);
  assert.deepEqual((await app.state()).shortcuts, ['Alt+Shift+S']);
  assert.equal((await trayItem(repeatItem))?.accelerator, undefined);
});

/** The stand-in screen's pixel at (x, y), in DIPs (its scale factor is 1). */
function screenPixel(x: number, y: number): number[] {
  const offset = (y * screenPixels.width + x) * 3;
  return [...screenPixels.data.subarray(offset, offset + 3)];
}
