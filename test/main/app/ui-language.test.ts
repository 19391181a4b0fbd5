import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OverlayFrame } from '../../../common/overlay-contract.js';
import type { UpdateReply } from '../../../common/settings-contract.js';
import { testPng } from '../../support/images.js';
import { chatWindowLoaded, launchStandIn, type StandInApp } from '../../support/stand-in-electron/driver.js';
import { waitUntil } from '../../support/wait-until.js';

// The built main process under the stand-in Electron (test/support/stand-in-electron):
// the uiLanguage setting decides the language of everything main says — the
// tray menu (rebuilt when the setting changes), notifications, dialogs and
// the overlays — and 'system' follows the system's preferred languages.

async function userDataWith(t: { after(fn: () => Promise<void>): void }, settingsJson?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-language-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  if (settingsJson !== undefined) await writeFile(path.join(dir, 'settings.json'), settingsJson);
  return dir;
}

async function trayLabels(app: StandInApp): Promise<string[]> {
  return (await app.state()).trayMenu.flatMap((item) => (item.label === undefined ? [] : [item.label]));
}

test('uiLanguage "fr": the tray menu, a notification and the overlay are French; switching language rebuilds the tray at once', async (t) => {
  // "Q" alone is no shortcut Sightline can take: the app says so at start, in a notification.
  const userData = await userDataWith(t, JSON.stringify({ uiLanguage: 'fr', hotkey: 'Q' }));
  const screenPng = path.join(userData, 'screen.png');
  await writeFile(screenPng, await testPng(640, 400));
  const app = launchStandIn({ userData, screenPng, env: { STAND_IN_SYSTEM_LANGUAGES: 'en-US' } });
  t.after(() => app.kill());
  const chat = await chatWindowLoaded(app);

  const notification = await app.waitFor('notification');
  assert.equal(notification.title, 'Le raccourci de capture n’est pas disponible');
  assert.match(notification.body, /^Q n’est pas valable/);

  assert.deepEqual(await trayLabels(app), [
    'Capturer une zone',
    'Capturer à nouveau la même zone',
    'Ouvrir la discussion',
    'Historique…',
    'Réglages…',
    'Quitter Sightline',
  ]);

  // The overlay is told to speak French with its frame, and its window is titled in French.
  const since = app.reports.length;
  await app.command({ op: 'tray-click', label: 'Capturer une zone' });
  const overlayWindow = await app.waitFor('window', (report) => app.reports.indexOf(report) >= since);
  assert.equal(overlayWindow.options.title, 'Sightline — sélectionner une zone');
  await app.waitFor('loaded', (report) => report.windowId === overlayWindow.windowId);
  const overlay = { windowId: overlayWindow.windowId };
  const frame = (await app.invoke('overlay:frame', undefined, overlay)) as OverlayFrame;
  assert.equal(frame.language, 'fr');
  await app.send('overlay:cancel', undefined, overlay);
  await app.waitFor('closed', (report) => report.windowId === overlay.windowId);

  // Changed on the settings page: the tray follows without a restart, and back.
  const english = (await app.invoke('settings:update', { uiLanguage: 'en' }, chat)) as UpdateReply;
  assert.equal(english.ok, true, JSON.stringify(english));
  assert.equal((await trayLabels(app))[0], 'Capture a Region');
  await app.command({ op: 'tray-click', label: 'Settings…' });
  const french = (await app.invoke('settings:update', { uiLanguage: 'fr' }, chat)) as UpdateReply;
  assert.equal(french.ok, true, JSON.stringify(french));
  await waitUntil(async () => (await trayLabels(app)).includes('Réglages…'), 'the tray menu is French again');
});

test('uiLanguage "system" follows the system: French first, the startup dialog and the tray are French; English first, English', async (t) => {
  // A settings file that cannot be read: the app starts with its defaults ('system') and says so in a dialog.
  const french = launchStandIn({
    userData: await userDataWith(t, '{ "theme": "dark", '),
    env: { STAND_IN_SYSTEM_LANGUAGES: 'de-DE,fr-CA,en-US' },
  });
  t.after(() => french.kill());
  const dialog = await french.waitFor('dialog');
  assert.equal(
    dialog.message,
    'Vos réglages n’ont pas pu être lus\u00a0: Sightline a démarré avec ses réglages par défaut',
  );
  assert.match(dialog.detail ?? '', /^L’ancien fichier a été conservé sous /);
  await chatWindowLoaded(french);
  assert.equal((await trayLabels(french))[0], 'Capturer une zone');

  const english = launchStandIn({
    userData: await userDataWith(t),
    env: { STAND_IN_SYSTEM_LANGUAGES: 'de-DE,en-GB,fr-FR' },
  });
  t.after(() => english.kill());
  await chatWindowLoaded(english);
  assert.equal((await trayLabels(english))[0], 'Capture a Region');
});

test('a capture that fails is told in French when the app speaks French: why, and what to do', async (t) => {
  // No screen image: the system's picture of the display comes back empty.
  const app = launchStandIn({ userData: await userDataWith(t, JSON.stringify({ uiLanguage: 'fr' })) });
  t.after(() => app.kill());
  await chatWindowLoaded(app);
  await app.command({ op: 'tray-click', label: 'Capturer une zone' });
  const dialog = await app.waitFor('dialog');
  assert.equal(dialog.message, 'Sightline n’a pas pu capturer l’écran');
  assert.equal(dialog.detail, 'La capture de l’écran 1 est vide.');
});
