import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { hostRefusal, settingsPagesForThisFile } from './settings-stand-in.js';

// The settings' controls against a stand-in host: switches for what is on or
// off, segments for small choices, numbers with their units, refusals in
// plain words beside their field in the page's language, and the models
// with the one in use marked.
const openSettings = settingsPagesForThisFile();

const show = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
const updates = (page: Page) => page.evaluate(() => window.__settings.updates);
/** The words the page shows for a field, as a screen reader hears them with it. */
const describedAs = (page: Page, selector: string) =>
  page.evaluate((css) => {
    const control = document.querySelector(css);
    const ids = control?.getAttribute('aria-describedby')?.split(' ') ?? [];
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' | ');
  }, selector);

test('a switch turns its setting off and on, and says which it is', async () => {
  const { page, problems, close } = await openSettings();
  try {
    const login = page.getByRole('switch', { name: 'Start Sightline when I log in' });
    assert.equal(await login.isChecked(), false);
    await login.click();
    await page.waitForFunction(() => window.__settings.updates.length === 1);
    assert.equal(await login.isChecked(), true);

    await show(page, 'Privacy');
    const text = page.getByRole('switch', { name: 'Give the model the text read from the capture' });
    assert.equal(await text.isChecked(), true);
    await text.click();
    await page.waitForFunction(() => window.__settings.updates.length === 2);
    assert.equal(await text.isChecked(), false);
    await text.press('Space');
    await page.waitForFunction(() => window.__settings.updates.length === 3);
    assert.equal(await text.isChecked(), true);
    assert.deepEqual(await updates(page), [
      { startAtLogin: true },
      { captureTextToModel: false },
      { captureTextToModel: true },
    ]);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the interface language is a choice of System, English and Français, each language named in itself', async () => {
  for (const locale of ['en-US', 'fr-FR']) {
    const { page, close } = await openSettings({ locale });
    try {
      const group = page.getByRole('radiogroup', {
        name: locale === 'en-US' ? 'Interface language' : 'Langue de l’interface',
      });
      const names = await group
        .getByRole('radio')
        .evaluateAll((radios) => radios.map((radio) => radio.closest('label')?.textContent ?? ''));
      assert.deepEqual(names, [locale === 'en-US' ? 'System' : 'Système', 'English', 'Français'], locale);
      assert.equal(
        await group.getByRole('radio', { name: locale === 'en-US' ? 'System' : 'Système' }).isChecked(),
        true,
      );
      await group.getByRole('radio', { name: 'Français' }).check();
      await page.waitForFunction(() => window.__settings.updates.length === 1);
      assert.deepEqual(await updates(page), [{ uiLanguage: 'fr' }], locale);
    } finally {
      await close();
    }
  }
});

test('a number out of range is said beside its field in plain words, in English and in French, and not sent', async () => {
  const expected = { 'en-US': /^Enter 1,440 minutes or less\.$/, 'fr-FR': /^Saisissez 1\s440\sminutes ou moins\.$/ };
  for (const [locale, words] of Object.entries(expected)) {
    const { page, close } = await openSettings({ locale });
    try {
      await show(page, locale === 'en-US' ? 'Model' : 'Modèle');
      const idle = page.locator('#settings-idleUnloadMinutes');
      await idle.fill('5000');
      await idle.press('Enter');
      const message = page.locator('#settings-idleUnloadMinutes-error');
      await message.waitFor();
      const said = await message.innerText();
      assert.match(said, words);
      assert.ok((await describedAs(page, '#settings-idleUnloadMinutes')).includes(said), 'read with the field');
      assert.equal(await idle.getAttribute('aria-invalid'), 'true');
      // Beside the field: in its row of the form.
      const row = page.locator('.settings-item', { has: idle });
      assert.equal(await row.locator('#settings-idleUnloadMinutes-error').count(), 1);
      assert.deepEqual(await updates(page), [], 'nothing was sent');

      // Corrected: the message goes, the value is sent.
      await idle.fill('30');
      assert.equal(await message.count(), 0);
      await idle.press('Enter');
      await page.waitForFunction(() => window.__settings.updates.length === 1);
      assert.deepEqual(await updates(page), [{ idleUnloadMinutes: 30 }]);
    } finally {
      await close();
    }
  }
});

test('a change the host refuses is said beside its field in the page’s words, never the host’s schema text', async () => {
  const refuse = {
    hideFromScreenShare: hostRefusal({ code: 'screen-share-unsupported', field: 'hideFromScreenShare' }),
    hotkey: hostRefusal({ code: 'shortcut-taken', field: 'hotkey', detail: 'Ctrl+Alt+P' }),
  };
  const expected = {
    'en-US': {
      privacy: 'Privacy',
      screenShare: 'Hide Sightline from screen sharing and screenshots',
      refused: 'This system cannot keep windows out of screen sharing.',
      shortcut: 'Shortcut',
      change: 'Change…',
      taken: /^Ctrl \+ Alt \+ P is already used by the system or another app\./,
    },
    'fr-FR': {
      privacy: 'Confidentialité',
      screenShare: 'Masquer Sightline lors des partages d’écran et des captures',
      refused: 'Ce système ne peut pas masquer de fenêtres lors d’un partage d’écran.',
      shortcut: 'Raccourci',
      change: 'Modifier…',
      taken: /^Ctrl \+ Alt \+ P est déjà utilisé par le système ou une autre application\./,
    },
  };
  for (const [locale, words] of Object.entries(expected)) {
    const { page, problems, close } = await openSettings({ locale, standIn: { refuse } });
    try {
      await show(page, words.privacy);
      const hide = page.getByRole('switch', { name: words.screenShare });
      await hide.click();
      const message = page.locator('#settings-hideFromScreenShare-error');
      await message.waitFor();
      assert.equal(await message.innerText(), words.refused);
      assert.equal(await hide.isChecked(), true, 'the setting stays as the host kept it');
      assert.match(await describedAs(page, '#settings-hideFromScreenShare'), new RegExp(words.refused));

      await show(page, words.shortcut);
      await page.getByRole('button', { name: words.change }).click();
      await page.keyboard.press('Control+Alt+P');
      const taken = page.locator('#settings-hotkey-error');
      await taken.waitFor();
      assert.match(await taken.innerText(), words.taken);
      assert.doesNotMatch(await page.locator('#settings-section').innerText(), /expected|Too big|Too small|Invalid/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('a server form the settings would refuse is said beside each field before it is sent', async () => {
  const { page, close } = await openSettings();
  try {
    await show(page, 'Answer source');
    await page.getByRole('radio', { name: 'An Ollama server' }).check();
    await page.getByLabel('Server address').fill('ftp://files.example');
    await page.getByRole('button', { name: 'Check connection' }).click();
    const address = page.locator('#settings-backend-baseUrl-error');
    await address.waitFor();
    assert.match(await address.innerText(), /^Enter an address that starts with http:\/\/ or https:\/\//);
    assert.equal(await page.locator('#settings-backend-model-error').innerText(), 'This cannot be empty.');
    await page.getByRole('button', { name: 'Apply' }).click();
    assert.deepEqual(await updates(page), [], 'a refused draft is not applied');

    await page.getByLabel('Server address').fill('http://127.0.0.1:11434');
    assert.equal(await address.count(), 0, 'the message goes once the field changes');
  } finally {
    await close();
  }
});

test('the model in use is marked "In use" and offers no "Use this model"; another installed one does', async () => {
  const { page, close } = await openSettings();
  try {
    await show(page, 'Model');
    const running = page.locator('li[data-model="smolvlm-256m"]');
    const other = page.locator('li[data-model="smolvlm-2b"]');
    await running.getByText('In use', { exact: true }).waitFor();
    assert.equal(await running.getByRole('button', { name: 'Use this model' }).count(), 0);
    assert.equal(await running.getByRole('button', { name: /Remove/ }).count(), 0, 'the running model is not removed');
    assert.equal(await other.getByText('In use', { exact: true }).count(), 0);

    await other.getByRole('button', { name: 'Use this model' }).click();
    await other.getByText('In use', { exact: true }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.__settings.used), ['smolvlm-2b']);
    assert.equal(await other.getByRole('button', { name: 'Use this model' }).count(), 0);
    await running.getByRole('button', { name: 'Use this model' }).waitFor();
  } finally {
    await close();
  }
});
