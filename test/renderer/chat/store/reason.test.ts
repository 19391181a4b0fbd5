import { test } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import { chatRefusal, chatRefusalOf, chatRefusals, type ChatRefusal } from '../../../../common/chat-refusals.js';
import { checkExternalUrl } from '../../../../common/external-url.js';
import { en } from '../../../../renderer/chat/i18n/en.js';
import { fr } from '../../../../renderer/chat/i18n/fr.js';
import { reasonOf } from '../../../../renderer/chat/store/reason.js';

// The chat service refuses some requests in English sentences (a capture
// gone, an answer still being written...): a page shows each in its own
// language, and any other reason as it came.

await i18next.init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: 'fr',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});

test('a refusal from the chat service is shown in the page’s language', async () => {
  await i18next.changeLanguage('fr');
  assert.equal(reasonOf(new Error(chatRefusals.conversationGone)), 'Cette conversation n’existe plus.');
  assert.equal(
    reasonOf(new Error(chatRefusals.answerWritingStop)),
    'Une réponse est encore en cours dans cette conversation\u00a0: arrêtez-la d’abord.',
  );
  await i18next.changeLanguage('en');
  assert.equal(reasonOf(new Error(chatRefusals.conversationGone)), 'This conversation no longer exists.');
});

test('a refusal with values is shown in the page’s language, with its values', async () => {
  await i18next.changeLanguage('fr');
  assert.equal(
    reasonOf(new Error(chatRefusal('capturesPerConversation', { max: 20 }))),
    'Une conversation contient au plus 20\u00a0captures.',
  );
  const region = chatRefusal('regionOutsideCapture', {
    width: 900,
    height: 10,
    x: 0,
    y: 0,
    captureWidth: 800,
    captureHeight: 600,
  });
  assert.equal(region, 'The region 900×10 at (0, 0) is not inside the 800×600 capture.');
  assert.equal(reasonOf(new Error(region)), 'La zone de 900×10 en (0, 0) n’est pas dans la capture de 800×600.');
  // A link from an answer that does not open: why, in French too.
  const link = checkExternalUrl('file:///etc/passwd');
  assert.equal(link.ok, false);
  assert.equal(
    reasonOf(link.ok ? '' : link.reason),
    'Seuls les liens http et https s’ouvrent dans le navigateur (celui-ci est en file:).',
  );
  await i18next.changeLanguage('en');
  assert.equal(reasonOf(new Error(region)), region);
});

test('each refusal is found again from its sentence, with the values it was given', () => {
  for (const refusal of Object.keys(chatRefusals) as ChatRefusal[]) {
    const names = [...chatRefusals[refusal].matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]!);
    const values = Object.fromEntries(names.map((name, i) => [name, String(100 + i)]));
    assert.deepEqual(chatRefusalOf(chatRefusal(refusal, values)), { refusal, values }, refusal);
  }
});

test('a reason that is no refusal of the table comes as it is', async () => {
  await i18next.changeLanguage('fr');
  const other = 'The engine stopped: it ran out of memory.';
  assert.equal(reasonOf(new Error(other)), other);
  // A sentence of the table with more around it is not that refusal.
  const longer = `${chatRefusals.conversationGone} Open another one.`;
  assert.equal(reasonOf(new Error(longer)), longer);
});

test('every refusal has its French words, with French typography', () => {
  for (const refusal of Object.keys(chatRefusals) as ChatRefusal[]) {
    const french = fr.refusals[refusal];
    assert.ok(french && french !== chatRefusals[refusal], refusal);
    assert.doesNotMatch(french, / [:;?!]/, `${refusal}: a no-break space before : ; ? !`);
    const placeholders = (sentence: string) => [...sentence.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(placeholders(french), placeholders(chatRefusals[refusal]), `${refusal}: the same values`);
  }
});
