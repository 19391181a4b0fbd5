import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultSettings, type Settings } from '../../../common/settings.js';
import { SettingsStore } from '../../../host/settings/settings-store.js';
import { applyShortcutChange, type HotkeyResult } from '../../../host/settings/shortcut-changes.js';
import { removeSetupFolders, settingsFileText, setup } from './settings-fixture.js';

// The repeat shortcut beside the capture shortcut: off by default, checked
// like the capture shortcut, never the same keys as it, registered before it
// is saved, and put back when a later part of the change is refused.
after(removeSetupFolders);

const defaults = defaultSettings('Alt+Shift+S');

test('off by default, into the same conversation; a settings file from before the repeat shortcut loads so', async () => {
  assert.equal(defaults.repeatHotkey, undefined);
  assert.equal(defaults.repeatInto, 'same-conversation');
  const { dir } = await setup();
  const old = { ...defaults, theme: 'dark' } as Record<string, unknown>;
  delete old.repeatInto;
  await writeFile(path.join(dir, 'settings.json'), JSON.stringify(old));
  const loaded = await new SettingsStore(dir, defaults).load();
  assert.equal(loaded.source, 'file');
  assert.deepEqual(loaded.settings, { ...defaults, theme: 'dark' });
});

test('a repeat shortcut is saved; the same keys as the capture shortcut are refused either way round', async () => {
  const { service, dir } = await setup();
  const chosen = await service.values.update({ repeatHotkey: 'Ctrl+Alt+R', repeatInto: 'new-conversation' });
  assert.equal(chosen.ok, true, JSON.stringify(chosen));
  const saved = JSON.parse(await settingsFileText(dir)) as Settings;
  assert.deepEqual([saved.repeatHotkey, saved.repeatInto], ['Ctrl+Alt+R', 'new-conversation']);

  // Spelled another way, in another order: still the capture shortcut's keys.
  const clash = await service.values.update({ repeatHotkey: 'Shift+Alt+S' });
  assert.equal(clash.ok, false);
  assert.deepEqual(!clash.ok && clash.refusals, [
    { code: 'shortcut-is-capture', field: 'repeatHotkey', detail: 'Shift+Alt+S' },
  ]);
  assert.equal(clash.view.settings.repeatHotkey, 'Ctrl+Alt+R');

  const captureClash = await service.values.update({ hotkey: 'Control+Alt+R' });
  assert.deepEqual(!captureClash.ok && captureClash.refusals, [
    { code: 'shortcut-is-repeat', field: 'hotkey', detail: 'Control+Alt+R' },
  ]);
  assert.equal(JSON.parse(await settingsFileText(dir)).hotkey, 'Alt+Shift+S');
});

test('a repeat shortcut no app could use is refused beside its own field; an empty one turns it off', async () => {
  const { service, dir } = await setup();
  const alone = await service.values.update({ repeatHotkey: 'R' });
  assert.deepEqual(!alone.ok && alone.refusals, [{ code: 'shortcut-needs-modifier', field: 'repeatHotkey' }]);
  const unknown = await service.values.update({ repeatHotkey: 'Ctrl+Banana' });
  assert.deepEqual(!unknown.ok && unknown.refusals, [
    { code: 'shortcut-unknown-key', field: 'repeatHotkey', detail: 'Banana' },
  ]);
  const long = await service.values.update({ repeatHotkey: `Ctrl+${'A'.repeat(80)}` });
  assert.equal(!long.ok && long.refusals[0]?.field, 'repeatHotkey');
  const where = await service.values.update({ repeatInto: 'another-window' });
  assert.deepEqual(!where.ok && where.refusals, [{ code: 'not-a-choice', field: 'repeatInto' }]);

  assert.equal((await service.values.update({ repeatHotkey: 'Ctrl+Alt+R' })).ok, true);
  const off = await service.values.update({ repeatHotkey: '' });
  assert.equal(off.ok, true);
  assert.equal(off.view.settings.repeatHotkey, '');
  // Off, the capture shortcut may take its old keys.
  assert.equal((await service.values.update({ hotkey: 'Ctrl+Alt+R' })).ok, true);
  assert.equal(JSON.parse(await settingsFileText(dir)).hotkey, 'Ctrl+Alt+R');
});

/** Shortcut effects that record what is registered, with keys another app holds. */
function fakeEffects(taken: string[] = [], repeat?: string) {
  const registered = { hotkey: 'Alt+Shift+S', repeat };
  // As the system has it: keys one of our shortcuts holds cannot be registered for the other.
  const result = (accelerator: string, heldByOther: string | undefined): HotkeyResult =>
    taken.includes(accelerator) || accelerator === heldByOther
      ? { ok: false, reason: `${accelerator} is used by another app.` }
      : { ok: true };
  return {
    registered,
    effects: {
      applyHotkey: (accelerator: string) => {
        const applied = result(accelerator, registered.repeat);
        if (applied.ok) registered.hotkey = accelerator;
        return applied;
      },
      applyRepeatHotkey: (accelerator: string | undefined) => {
        const applied = accelerator === undefined ? ({ ok: true } as const) : result(accelerator, registered.hotkey);
        if (applied.ok) registered.repeat = accelerator;
        return applied;
      },
    },
  };
}

test('a repeat shortcut another app holds is refused with its reason, and the old one stays registered', async () => {
  const fake = fakeEffects(['Ctrl+Alt+P'], 'Ctrl+Alt+R');
  const current = { ...defaults, repeatHotkey: 'Ctrl+Alt+R' };
  const change = await applyShortcutChange(current, { ...current, repeatHotkey: 'Ctrl+Alt+P' }, fake.effects);
  assert.deepEqual(change, {
    ok: false,
    refusal: { code: 'shortcut-taken', field: 'repeatHotkey', detail: 'Ctrl+Alt+P' },
    reason: 'Ctrl+Alt+P is used by another app.',
  });
  assert.deepEqual(fake.registered, { hotkey: 'Alt+Shift+S', repeat: 'Ctrl+Alt+R' });
});

test('both shortcuts in one change: a refused capture shortcut puts the repeat shortcut back; undo puts both back', async () => {
  const fake = fakeEffects(['Ctrl+Alt+P'], 'Ctrl+Alt+R');
  const current = { ...defaults, repeatHotkey: 'Ctrl+Alt+R' };
  const refused = await applyShortcutChange(
    current,
    { ...current, hotkey: 'Ctrl+Alt+P', repeatHotkey: 'Ctrl+Alt+Q' },
    fake.effects,
  );
  assert.equal(refused.ok, false);
  assert.deepEqual(fake.registered, { hotkey: 'Alt+Shift+S', repeat: 'Ctrl+Alt+R' });

  const applied = await applyShortcutChange(current, { ...current, hotkey: 'F9', repeatHotkey: '' }, fake.effects);
  assert.ok(applied.ok);
  assert.deepEqual(fake.registered, { hotkey: 'F9', repeat: undefined });
  await applied.undo();
  assert.deepEqual(fake.registered, { hotkey: 'Alt+Shift+S', repeat: 'Ctrl+Alt+R' });
});

test('swapping the two shortcuts’ keys in one change works: the repeat frees its keys first', async () => {
  const fake = fakeEffects([], 'Ctrl+Alt+R');
  const current = { ...defaults, hotkey: 'Alt+Shift+S', repeatHotkey: 'Ctrl+Alt+R' };
  const swapped = await applyShortcutChange(
    current,
    { ...current, hotkey: 'Ctrl+Alt+R', repeatHotkey: '' },
    fake.effects,
  );
  assert.equal(swapped.ok, true);
  assert.deepEqual(fake.registered, { hotkey: 'Ctrl+Alt+R', repeat: undefined });
});
