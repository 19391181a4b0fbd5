import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { removeSetupFolders, settingsFileText, setup } from './settings-fixture.js';

// The settings' values as the page changes them: validated, applied where
// they take effect (fakes for the platform), and saved to a real file.
after(removeSetupFolders);

test('a change is validated, applied and saved; a bad one is refused with its reason and nothing changes', async () => {
  const { dir, service, themes, loginItems, changes } = await setup();
  const { values } = service;
  const reply = await values.update({ theme: 'dark', answerLanguage: 'fr', historyDays: 30, startAtLogin: true });
  assert.equal(reply.ok, true);
  assert.equal(reply.view.settings.theme, 'dark');
  assert.deepEqual(themes, ['dark']);
  assert.deepEqual(loginItems, [true]);
  const saved = JSON.parse(await settingsFileText(dir)) as Record<string, unknown>;
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

  const before = await settingsFileText(dir);
  for (const bad of [{ theme: 'purple' }, { idleUnloadMinutes: -1 }, { historyDays: 1.5 }, { modelId: 'x' }]) {
    const refused = await values.update(bad);
    assert.equal(refused.ok, false, JSON.stringify(bad));
    assert.ok(!refused.ok && refused.reason.length > 0);
    assert.equal(refused.view.settings.theme, 'dark');
  }
  assert.equal(await settingsFileText(dir), before, 'a refused change writes nothing');

  // "Keep all" (null over the wire) drops the limit; "keep none" is 0.
  assert.equal((await values.update({ historyDays: null })).view.settings.historyDays, undefined);
  assert.equal((await values.update({ historyDays: 0 })).view.settings.historyDays, 0);
});

test('quick changes one after another all stick, even while one waits on the system', async () => {
  const { dir, service } = await setup();
  // Start at login answers slowly (a system call); the next changes arrive meanwhile.
  const replies = await Promise.all([
    service.values.update({ startAtLogin: true }),
    service.values.update({ answerLanguage: 'fr' }),
    service.values.update({ device: 'cpu' }),
  ]);
  assert.ok(replies.every((reply) => reply.ok));
  const saved = JSON.parse(await settingsFileText(dir)) as Record<string, unknown>;
  assert.deepEqual([saved.startAtLogin, saved.answerLanguage, saved.device], [true, 'fr', 'cpu']);
  assert.deepEqual([replies[2]!.view.settings.startAtLogin, replies[2]!.view.settings.answerLanguage], [true, 'fr']);
});

test('a shortcut another app holds is refused with the reason, and the old one stays', async () => {
  const { dir, service, registered } = await setup({ taken: ['Ctrl+Alt+P'] });
  const taken = await service.values.update({ hotkey: 'Ctrl+Alt+P' });
  assert.equal(taken.ok, false);
  assert.equal(!taken.ok && taken.reason, 'Ctrl+Alt+P is used by another app.');
  assert.deepEqual(!taken.ok && taken.refusals, [{ code: 'shortcut-taken', field: 'hotkey', detail: 'Ctrl+Alt+P' }]);
  assert.equal(taken.view.settings.hotkey, 'Alt+Shift+S');
  const invalid = await service.values.update({ hotkey: 'Shift+A' });
  assert.match(!invalid.ok ? invalid.reason : '', /Shift alone/);
  assert.deepEqual(!invalid.ok && invalid.refusals, [{ code: 'shortcut-shift-alone', field: 'hotkey' }]);
  assert.deepEqual(registered, ['Alt+Shift+S'], 'nothing else was registered');

  const changed = await service.values.update({ hotkey: 'Ctrl+Alt+K' });
  assert.equal(changed.ok, true);
  assert.equal(JSON.parse(await settingsFileText(dir)).hotkey, 'Ctrl+Alt+K');
});

test('start at login is refused where the platform has none, and the page is told to hide it', async () => {
  const { service } = await setup({ startAtLogin: false });
  assert.equal((await service.values.view()).startAtLoginSupported, false);
  const reply = await service.values.update({ startAtLogin: true });
  assert.equal(reply.ok, false);
  assert.deepEqual(!reply.ok && reply.refusals, [{ code: 'start-at-login-unsupported', field: 'startAtLogin' }]);
  assert.equal(reply.view.settings.startAtLogin, false);
});

test('a refused value comes with its field and a code for the page to word, never schema text', async () => {
  const { service } = await setup();
  const refusalsOf = async (patch: unknown) => {
    const reply = await service.values.update(patch);
    assert.equal(reply.ok, false, JSON.stringify(patch));
    if (reply.ok) return [];
    assert.doesNotMatch(reply.reason, /expected|Too big|Too small|Invalid/, 'the reason is in words too');
    return reply.refusals;
  };
  assert.deepEqual(await refusalsOf({ idleUnloadMinutes: 5000 }), [
    { code: 'too-big', field: 'idleUnloadMinutes', limit: 1440 },
  ]);
  assert.deepEqual(await refusalsOf({ historyDays: 1.5 }), [{ code: 'not-whole-number', field: 'historyDays' }]);
  assert.deepEqual(await refusalsOf({ theme: 'purple' }), [{ code: 'not-a-choice', field: 'theme' }]);
  assert.deepEqual(await refusalsOf({ uiLanguage: 'de' }), [{ code: 'not-a-choice', field: 'uiLanguage' }]);
  assert.deepEqual(await refusalsOf({ modelId: 'x' }), [{ code: 'invalid' }], 'the model is chosen elsewhere');
  assert.deepEqual(
    await refusalsOf({ backend: { kind: 'ollama', baseUrl: 'ftp://files.example', model: '', timeoutMs: 5 } }),
    [
      { code: 'invalid-address', field: 'backend.baseUrl' },
      { code: 'required', field: 'backend.model' },
      { code: 'too-small', field: 'backend.timeoutMs', limit: 1000 },
    ],
  );
});

test('windows stay out of screen shares from the start; the setting turns it off and on; refused where the system cannot', async () => {
  const { service, hiddenFromScreenShare, store } = await setup();
  await service.values.applySaved();
  assert.deepEqual(hiddenFromScreenShare, [true], 'on by default, applied at start');
  assert.equal((await service.values.view()).screenShareHidingSupported, true);
  const off = await service.values.update({ hideFromScreenShare: false });
  assert.equal(off.ok && off.view.settings.hideFromScreenShare, false);
  assert.deepEqual(hiddenFromScreenShare, [true, false]);
  assert.equal((await store.load()).settings.hideFromScreenShare, false, 'saved');

  const linux = await setup({ screenShare: false });
  assert.equal((await linux.service.values.view()).screenShareHidingSupported, false);
  const refused = await linux.service.values.update({ hideFromScreenShare: false });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.reason : '', /cannot keep windows out of screen sharing/);
  assert.deepEqual(!refused.ok && refused.refusals, [
    { code: 'screen-share-unsupported', field: 'hideFromScreenShare' },
  ]);
});
