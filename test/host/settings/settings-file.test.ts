import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../../../common/settings.js';
import { defaultSettings } from '../../../common/settings.js';
import { settingsFilePort } from '../../../host/settings/settings-file.js';
import { SettingsStore } from '../../../host/settings/settings-store.js';

// The settings file the chat and the settings page share: the chat panel's
// two settings as read from the file, and every change heard by both.
async function open() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-settings-file-'));
  const file = settingsFilePort(new SettingsStore(dir, defaultSettings('Alt+Shift+S')));
  const saved = async () => JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')) as Settings;
  return { file, saved };
}

test("the chat panel's settings as the file holds them: 0 days keeps none, a limit or none keeps history", async () => {
  const { file, saved } = await open();
  const hiding = { answersFromServer: false, hideSecretsFromServers: true };
  assert.deepEqual(await file.get(), {
    keepHistory: true,
    answerLanguage: 'question',
    captureTextToModel: true,
    ...hiding,
  });
  await file.save({ ...(await file.all()), historyDays: 0, answerLanguage: 'fr' });
  assert.deepEqual(await file.get(), { keepHistory: false, answerLanguage: 'fr', captureTextToModel: true, ...hiding });
  assert.equal((await saved()).historyDays, 0);
  await file.save({ ...(await file.all()), historyDays: 30 });
  assert.deepEqual(await file.get(), { keepHistory: true, answerLanguage: 'fr', captureTextToModel: true, ...hiding });
  // A model server answering: its questions' captures are reviewed for secrets first.
  await file.save({
    ...(await file.all()),
    backend: { kind: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'llava', timeoutMs: 60_000 },
  });
  assert.equal((await file.get()).answersFromServer, true);
});

test('a change is heard by everyone holding the file, and read at once', async () => {
  const { file } = await open();
  const heard: Settings[] = [];
  file.onChange((settings) => heard.push(settings));
  await file.save({ ...(await file.all()), answerLanguage: 'fr' });
  assert.deepEqual(
    heard.map((settings) => settings.answerLanguage),
    ['fr'],
  );
  assert.equal((await file.all()).answerLanguage, 'fr');
});
