import { test } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import { chatRefusals, type ChatRefusal } from '../../../../common/chat-refusals.js';
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

test('a reason that is no refusal of the table comes as it is', async () => {
  await i18next.changeLanguage('fr');
  const region = 'The region 900×10 at (0, 0) is not inside the 800×600 capture.';
  assert.equal(reasonOf(new Error(region)), region);
});

test('every refusal has its French words, with French typography', () => {
  for (const refusal of Object.keys(chatRefusals) as ChatRefusal[]) {
    const french = fr.refusals[refusal];
    assert.ok(french && french !== chatRefusals[refusal], refusal);
    assert.doesNotMatch(french, / [:;?!]/, `${refusal}: a no-break space before : ; ? !`);
  }
});
