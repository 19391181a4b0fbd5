import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inEachLanguage, pickLanguage, resolveUiLanguage } from '../../common/ui-language.js';
import * as z from 'zod/mini';

test("'system' is the first preferred language Sightline speaks, else English; a chosen one is itself", () => {
  assert.equal(pickLanguage(['de-DE', 'fr-CA', 'en-US']), 'fr');
  assert.equal(pickLanguage(['de-DE', 'en-GB', 'fr-FR']), 'en');
  assert.equal(pickLanguage(['fr_FR']), 'fr', 'a Linux locale');
  assert.equal(pickLanguage(['de-DE', 'it']), 'en');
  assert.equal(pickLanguage([]), 'en');
  assert.equal(resolveUiLanguage('system', ['fr-FR']), 'fr');
  assert.equal(resolveUiLanguage('en', ['fr-FR']), 'en');
  assert.equal(resolveUiLanguage('fr', ['en-US']), 'fr');
});

test('a text in each language needs every language Sightline speaks, and no other', () => {
  const text = inEachLanguage(z.string());
  assert.ok(text.safeParse({ en: 'Small', fr: 'Petit' }).success);
  assert.equal(text.safeParse({ en: 'Small' }).success, false);
  assert.equal(text.safeParse({ en: 'Small', fr: 'Petit', de: 'Klein' }).success, false);
});
