import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import type { UiLanguageSetting } from '../../../common/settings.js';
import { startHostedChatPages, type HostedChatPages } from './hosted-pages.js';

// The interface language setting in the chat page, against the development
// web host (the real settings service behind the page): chosen on the
// settings page or in another window, it applies at once without a reload,
// 'system' follows the browser's languages, and the catalog's model
// descriptions are shown in the page's language.
let pages: HostedChatPages;

before(async () => {
  pages = await startHostedChatPages('ui-language');
});

after(async () => {
  await pages?.close();
});

/** As another window (or the tray) would: the host saves it and tells every page. */
async function setElsewhere(uiLanguage: UiLanguageSetting): Promise<void> {
  const reply = await pages.host.settings.values.update({ uiLanguage });
  assert.equal(reply.ok, true, JSON.stringify(reply));
}

/** Marks the page: a reload would lose the mark. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
}

async function sameLoad(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true);
}

const pageLanguage = (page: Page) => page.evaluate(() => document.documentElement.lang);

/** Waits until the page speaks `language`: <html lang> and the header's words. */
async function speaks(page: Page, language: 'en' | 'fr'): Promise<void> {
  await page.getByRole('button', { name: language === 'fr' ? 'Historique' : 'History', exact: true }).waitFor();
  assert.equal(await pageLanguage(page), language);
}

test('choosing Français on the settings page turns the page French at once, without a reload, and English again', async () => {
  await setElsewhere('system');
  const { page, problems, close } = await pages.openChat({ locale: 'en-US' });
  try {
    await speaks(page, 'en');
    await markPage(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    const english = page.getByRole('radiogroup', { name: 'Interface language' });
    await english.getByRole('radio', { name: 'Français' }).check();

    const french = page.getByRole('radiogroup', { name: 'Langue de l’interface' });
    await french.waitFor();
    assert.equal(await pageLanguage(page), 'fr');
    assert.equal(await french.getByRole('radio', { name: 'Français' }).isChecked(), true);
    await page.getByRole('heading', { name: 'Réglages', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Historique' }).waitFor();
    assert.equal(await sameLoad(page), true, 'the page was not reloaded');

    await french.getByRole('radio', { name: 'English' }).check();
    await page.getByRole('radiogroup', { name: 'Interface language' }).waitFor();
    assert.equal(await pageLanguage(page), 'en');
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    assert.equal(await sameLoad(page), true, 'the page was not reloaded');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('"System" follows the browser\'s languages; a language chosen in another window wins until System again', async () => {
  await setElsewhere('system');
  const { page, problems, close } = await pages.openChat({ locale: 'fr-FR' });
  try {
    await speaks(page, 'fr');
    await markPage(page);

    await setElsewhere('en');
    await speaks(page, 'en');

    await setElsewhere('system');
    await speaks(page, 'fr');
    assert.equal(await sameLoad(page), true, 'the page was not reloaded');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
  // A browser in a language Sightline does not speak: English.
  const german = await pages.openChat({ locale: 'de-DE' });
  try {
    await speaks(german.page, 'en');
  } finally {
    await german.close();
  }
});

test("each model's description is shown in the page's language", async () => {
  await setElsewhere('fr');
  const { page, close } = await pages.openChat({ locale: 'en-US' });
  try {
    await speaks(page, 'fr');
    await page.getByRole('button', { name: 'Réglages' }).click();
    await page.locator('[data-section="model"]').click();
    const smallest = page.locator('[data-model="smolvlm-256m-instruct"]');
    await smallest
      .getByText(
        'Premier lancement et machines sans GPU\u00a0: petit téléchargement, réponses rapides sur les captures d’écran',
      )
      .waitFor();
    assert.equal(await smallest.getByText('First run and CPU-only machines', { exact: false }).count(), 0);

    await setElsewhere('en');
    await smallest
      .getByText('First run and CPU-only machines: small download, quick answers about screenshots')
      .waitFor();
  } finally {
    await close();
    await setElsewhere('system');
  }
});
