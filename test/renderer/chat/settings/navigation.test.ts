import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { settingsPagesForThisFile } from './settings-stand-in.js';

// The settings' sections, each on its own page: chosen from a side list in a
// wide window and from a row of tabs in a narrow one, with the mouse or the
// keyboard; the chosen one is marked for screen readers.
const openSettings = settingsPagesForThisFile();

const nav = (page: Page) => page.getByRole('navigation', { name: 'Settings sections' });
const current = (page: Page) => nav(page).locator('[aria-current="page"]').innerText();
const sectionTitle = (page: Page) => page.locator('#settings-section-title').innerText();
const focusedSection = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.section);

test('a click shows a section: the side list marks it and the section shows its own settings', async () => {
  const { page, problems, close } = await openSettings({ viewport: { width: 1280, height: 800 } });
  try {
    assert.equal(await current(page), 'General');
    assert.equal(await sectionTitle(page), 'General');
    await page.getByRole('radiogroup', { name: 'Theme' }).waitFor();

    await nav(page).getByRole('button', { name: 'Privacy' }).click();
    await page.getByRole('heading', { name: 'Privacy', level: 3 }).waitFor();
    assert.equal(await current(page), 'Privacy');
    assert.equal(await nav(page).getByRole('button', { name: 'General' }).getAttribute('aria-current'), null);
    await page.getByRole('switch', { name: 'Keep conversation history' }).waitFor();
    assert.equal(await page.getByRole('radiogroup', { name: 'Theme' }).count(), 0, 'one section at a time');

    // Beside the section, not above it.
    const list = await nav(page).boundingBox();
    const section = await page.locator('#settings-section').boundingBox();
    assert.ok(list && section && list.x + list.width <= section.x, 'the list is a side column');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the keyboard: Tab reaches the chosen section, arrows, Home and End move and show, Tab goes on into it', async () => {
  const { page, close } = await openSettings({ viewport: { width: 1280, height: 800 } });
  try {
    await page.keyboard.press('Tab');
    assert.equal(await focusedSection(page), 'general', 'the chosen section is the Tab stop');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedSection(page), 'model');
    assert.equal(await current(page), 'Model');
    await page.getByRole('heading', { name: 'Model', level: 3 }).waitFor();
    await page.keyboard.press('End');
    assert.equal(await current(page), 'About');
    await page.keyboard.press('Home');
    assert.equal(await current(page), 'General');
    await page.keyboard.press('ArrowUp');
    assert.equal(await current(page), 'About', 'it wraps around');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedSection(page), 'privacy');
    await page.getByRole('heading', { name: 'Privacy', level: 3 }).waitFor();

    // Only the chosen one is a Tab stop: the next Tab is in the section.
    await page.keyboard.press('Tab');
    const inSection = await page.evaluate(
      () => document.getElementById('settings-section')?.contains(document.activeElement) ?? false,
    );
    assert.equal(inSection, true);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedSection(page), 'privacy', 'and back to the chosen section');
  } finally {
    await close();
  }
});

test('a narrow window: the sections are a row of tabs above the section, without a sideways scroll', async () => {
  const { page, problems, close } = await openSettings({ viewport: { width: 420, height: 700 }, locale: 'fr-FR' });
  try {
    const frNav = page.getByRole('navigation', { name: 'Sections des réglages' });
    const general = await frNav.getByRole('button', { name: 'Général' }).boundingBox();
    const model = await frNav.getByRole('button', { name: 'Modèle' }).boundingBox();
    assert.ok(general && model && Math.abs(general.y - model.y) < 1 && model.x > general.x, 'side by side');
    const list = await frNav.boundingBox();
    const section = await page.locator('#settings-section').boundingBox();
    assert.ok(list && section && list.y + list.height <= section.y, 'above the section');

    await frNav.getByRole('button', { name: 'Modèle' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'Source des réponses', level: 3 }).waitFor();
    assert.equal(await frNav.locator('[aria-current="page"]').innerText(), 'Source des réponses');
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(sideways, false);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
