import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings } from '../../../common/settings.js';
import { SettingsStore } from '../../../host/settings/settings-store.js';

const defaults = defaultSettings('Alt+Shift+S');
const folder = () => mkdtemp(path.join(os.tmpdir(), 'sightline-settings-'));

test('a first start has the defaults; saved settings come back', async () => {
  const dir = await folder();
  const store = new SettingsStore(dir, defaults);
  assert.deepEqual(await store.load(), { settings: defaults, source: 'defaults' });
  await store.save({ ...defaults, device: 'cpu', theme: 'dark', historyDays: 0 });
  const loaded = await new SettingsStore(dir, defaults).load();
  assert.equal(loaded.source, 'file');
  assert.deepEqual(loaded.settings, { ...defaults, device: 'cpu', theme: 'dark', historyDays: 0 });
  // Atomic: no temporary file is left behind.
  assert.deepEqual(await readdir(dir), ['settings.json']);
});

test('a corrupt file falls back to defaults and is kept aside, not lost', async () => {
  for (const [content, reason] of [
    ['{"hotkey": "Alt+Shift+S", "device": ', /not valid JSON/],
    ['{"device": "quantum", "idleUnloadMinutes": -3}', /device.*idleUnloadMinutes|idleUnloadMinutes.*device/s],
  ] as const) {
    const dir = await folder();
    await writeFile(path.join(dir, 'settings.json'), content);
    const store = new SettingsStore(dir, defaults, () => new Date('2026-11-28T10:00:00.000Z'));
    const loaded = await store.load();
    assert.equal(loaded.source, 'recovered');
    assert.deepEqual(loaded.settings, defaults);
    assert.ok(loaded.source === 'recovered');
    assert.match(loaded.reason, reason);
    assert.equal(path.basename(loaded.keptAside), 'settings.corrupt-2026-11-28T10-00-00-000Z.json');
    assert.equal(await readFile(loaded.keptAside, 'utf8'), content);
    // The next start is clean.
    assert.equal((await store.load()).source, 'defaults');
  }
});

test('fields a newer version added start at their defaults; invalid settings are not saved', async () => {
  const dir = await folder();
  await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ hotkey: 'F9', device: 'gpu' }));
  const loaded = await new SettingsStore(dir, defaults).load();
  assert.deepEqual(loaded.settings, { ...defaults, hotkey: 'F9', device: 'gpu' });
  await assert.rejects(
    new SettingsStore(dir, defaults).save({ ...defaults, idleUnloadMinutes: 1.5 }),
    /idleUnloadMinutes/,
  );
  assert.equal(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')).hotkey, 'F9');
});

test('a settings file from before answer sources loads with the local engine', async () => {
  const dir = await folder();
  const old = { ...defaults, theme: 'light' } as Record<string, unknown>;
  delete old.backend;
  await writeFile(path.join(dir, 'settings.json'), JSON.stringify(old));
  const loaded = await new SettingsStore(dir, defaults).load();
  assert.equal(loaded.source, 'file');
  assert.deepEqual(loaded.settings.backend, { kind: 'local' });
  assert.equal(loaded.settings.theme, 'light');
});
