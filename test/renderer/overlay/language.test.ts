import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEW, primary, startOverlayPages, type OverlayPages } from './overlay-pages.js';

// The overlay speaks the language main gives it with the frame (the app's
// uiLanguage setting): its hint, its name and instructions for a screen
// reader, what the live region announces, the readout and its refusals.
let pages: OverlayPages;

before(async () => {
  pages = await startOverlayPages();
});

after(async () => {
  await pages?.close();
});

const nbsp = '\u00a0';

test('in French, the hint, the screen-reader name, instructions and announcements, and the readout are French', async () => {
  const overlay = await pages.openOverlay(primary, 'fr');
  try {
    const { tab } = overlay;
    assert.equal(await tab.evaluate(() => document.documentElement.lang), 'fr');
    assert.equal(await tab.title(), 'Sightline — sélectionner une zone');
    assert.equal(
      await tab.locator('.overlay-hint').textContent(),
      `Glissez pour sélectionner · flèches pour ajuster · A${nbsp}:${nbsp}tout l’écran · Entrée valide · Échap annule`,
    );
    const region = tab.getByRole('application', { name: 'Sélectionner une zone de l’écran' });
    assert.match((await region.getAttribute('aria-describedby')) ?? '', /overlay-help/);
    assert.match(
      (await tab.locator('#overlay-help').textContent()) ?? '',
      /^Faites glisser pour sélectionner une zone/,
    );
    assert.match(await overlay.status(), new RegExp(`^Écran de 2560 sur 1600${nbsp}pixels\\. Faites glisser`));

    // Nothing selected: Enter is refused, in French, aloud and on screen.
    await tab.mouse.click(400, 400);
    await tab.keyboard.press('Enter');
    await tab
      .getByRole('alert')
      .getByText(`La sélection est vide${nbsp}: faites glisser pour sélectionner une zone.`)
      .waitFor();

    await overlay.drag([100, 100], [200, 150]);
    assert.equal(await overlay.readout(), '200 × 100 px à 200, 200');
    assert.equal(await overlay.status(), `Sélection de 200 sur 100${nbsp}pixels à 200, 200. Entrée valide.`);
    await tab.keyboard.press('Enter');
    await tab.getByRole('status').getByText('Sélection capturée.').waitFor();
    assert.equal((await overlay.events()).length, 1);
  } finally {
    await overlay.close();
  }
});

test("the app's language wins over the browser's: an English overlay in a French browser", async () => {
  const context = await pages.browser.newContext({ viewport: VIEW, deviceScaleFactor: 2, locale: 'fr-FR' });
  try {
    const tab = await context.newPage();
    await tab.goto(`${pages.url}/overlay/index.html?frame=/fixtures/frame-2.png&scale=2&display=1&lang=en`);
    await tab.getByRole('status').getByText('Display of 2560 by 1600 pixels').waitFor();
    assert.equal(await tab.evaluate(() => document.documentElement.lang), 'en');
    await tab.getByRole('application', { name: 'Select a region of the screen' }).waitFor();
    // Without a frame (no app behind the page), the browser's language is all there is.
    const alone = await context.newPage();
    await alone.goto(`${pages.url}/overlay/index.html`);
    await alone.getByRole('status').getByText('Pas de connexion à l’app Sightline.').waitFor();
  } finally {
    await context.close();
  }
});
