import { test } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import { RemoteBackendDraft } from '../../../../common/settings-contract.js';
import { RefusalCode, refusalsOfIssues, type SettingsRefusal } from '../../../../common/settings-refusal.js';
import { en } from '../../../../renderer/chat/i18n/en.js';
import { fr } from '../../../../renderer/chat/i18n/fr.js';
import { refusalWords } from '../../../../renderer/chat/settings/refusal-words.js';

// Every refusal the host can send has words in both languages, with its
// bound in the field's unit: never a key, never schema text.
async function translator(language: 'en' | 'fr') {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { en: { translation: en }, fr: { translation: fr } },
    interpolation: { escapeValue: false },
  });
  return instance.t.bind(instance);
}

test('every refusal code reads as a sentence in English and in French', async () => {
  for (const language of ['en', 'fr'] as const) {
    const t = await translator(language);
    for (const code of RefusalCode.options) {
      const refusal: SettingsRefusal = { code, field: 'idleUnloadMinutes', limit: 60, detail: 'Ctrl+Alt+P' };
      const words = refusalWords(refusal, t, 'linux');
      assert.doesNotMatch(words, /settings\.|{{|}}/, `${language} ${code}: ${words}`);
      assert.match(words, /[.!?]$|: Ctrl\+Alt\+P$/, `${language} ${code} ends as a sentence: ${words}`);
    }
  }
});

test('a bound is said in the field’s own unit: seconds for a timeout kept in milliseconds', async () => {
  const draft = { kind: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'llava', timeoutMs: 3_600_000 };
  const parsed = RemoteBackendDraft.safeParse(draft);
  assert.equal(parsed.success, false);
  const [refusal] = parsed.success ? [] : refusalsOfIssues(parsed.error, ['backend']);
  assert.deepEqual(refusal, { code: 'too-big', field: 'backend.timeoutMs', limit: 1_800_000 });
  assert.equal(refusalWords(refusal!, await translator('en'), 'linux'), 'Enter 1,800 seconds or less.');
  assert.match(refusalWords(refusal!, await translator('fr'), 'linux'), /^Saisissez 1\s800\ssecondes ou moins\.$/);
  const days = { code: 'too-small', field: 'historyDays', limit: 1 } as const;
  assert.equal(refusalWords(days, await translator('en'), 'linux'), 'Enter 1 day or more.');
  assert.match(refusalWords(days, await translator('fr'), 'linux'), /^Saisissez 1\sjour ou plus\.$/);
});
