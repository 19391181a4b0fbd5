import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { auditAccessibility, auditLayout, describeLayout, describeViolations } from '../../../support/page-audit.js';
import { hostRefusal, settingsPagesForThisFile } from './settings-stand-in.js';

// The Shortcut section's repeat shortcut against a stand-in host: off by
// default, recorded like the capture shortcut, turned off again, never the
// capture shortcut's keys, and where its captures open — in a wide and a
// narrow window, in English and in French.
const openSettings = settingsPagesForThisFile();

const sizes = [
  { width: 1280, height: 800 },
  { width: 420, height: 700 },
];
const updates = (page: Page) => page.evaluate(() => window.__settings.updates);
const show = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('button', { name, exact: true }).click();

/** Nothing a person would notice is wrong: axe finds no violation, and nothing overlaps, is cut off or scrolls sideways. */
async function assertClean(page: Page, state: string): Promise<void> {
  const { violations } = await auditAccessibility(page);
  const layout = await auditLayout(page, { appShell: true });
  assert.deepEqual([...describeViolations(violations), ...describeLayout(layout)], [], state);
}

test('record a repeat shortcut, turn it off, and choose where its captures open, in a wide and a narrow window', async () => {
  for (const viewport of sizes) {
    const { page, problems, close } = await openSettings({ viewport });
    try {
      await show(page, 'Shortcut');
      const field = page.getByRole('textbox', { name: 'Capture the same region again' });
      assert.equal(await field.inputValue(), 'Off', 'off by default');
      assert.equal(await page.getByRole('button', { name: /^Turn off/ }).count(), 0, 'nothing to turn off');
      await assertClean(page, `off at ${viewport.width}`);

      await page.getByRole('button', { name: 'Choose… Capture the same region again' }).click();
      assert.equal(await field.inputValue(), 'Press the new shortcut…');
      await page.keyboard.press('Control+Alt+R');
      await page.getByText('Shortcut saved.').waitFor();
      assert.equal(await field.inputValue(), 'Ctrl + Alt + R');
      await page.getByRole('button', { name: 'Change… Capture the same region again' }).waitFor();
      await assertClean(page, `on at ${viewport.width}`);

      await page.getByRole('button', { name: 'Turn off Capture the same region again' }).click();
      await page.getByText('Shortcut turned off.').waitFor();
      assert.equal(await field.inputValue(), 'Off');
      // The × went with the shortcut; the keys' field keeps the focus, so the keyboard is not lost.
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'settings-repeatHotkey');

      const where = page.getByRole('radiogroup', { name: 'Open in' });
      assert.equal(await where.getByRole('radio', { name: 'Same conversation' }).isChecked(), true);
      await where.getByRole('radio', { name: 'New conversation' }).check();
      await page.getByText('Each new capture starts a conversation of its own.').waitFor();
      assert.deepEqual(await updates(page), [
        { repeatHotkey: 'Ctrl+Alt+R' },
        { repeatHotkey: '' },
        { repeatInto: 'new-conversation' },
      ]);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('the capture shortcut’s keys are refused for the repeat, beside its field, and not sent', async () => {
  const { page, close } = await openSettings({ standIn: { settings: { hotkey: 'Ctrl+Alt+S' } } });
  try {
    await show(page, 'Shortcut');
    await page.getByRole('button', { name: 'Choose… Capture the same region again' }).click();
    await page.keyboard.press('Control+Alt+S');
    const error = page.locator('#settings-repeatHotkey-error');
    await error.waitFor();
    assert.equal(await error.innerText(), 'Ctrl + Alt + S is already the capture shortcut: choose other keys.');
    assert.equal(
      await page.getByRole('textbox', { name: 'Capture the same region again' }).getAttribute('aria-invalid'),
      'true',
    );
    assert.deepEqual(await updates(page), []);
  } finally {
    await close();
  }
});

test('in French, with the repeat on: its words, where its captures open, and turned off', async () => {
  for (const viewport of sizes) {
    const { page, problems, close } = await openSettings({
      locale: 'fr-FR',
      viewport,
      colorScheme: 'dark',
      standIn: { settings: { repeatHotkey: 'Ctrl+Shift+R', repeatInto: 'new-conversation' } },
    });
    try {
      await show(page, 'Raccourci');
      const field = page.getByRole('textbox', { name: 'Capturer à nouveau la même zone' });
      assert.equal(await field.inputValue(), 'Ctrl + Maj + R');
      const where = page.getByRole('radiogroup', { name: 'Conversation' });
      assert.equal(await where.getByRole('radio', { name: 'Une nouvelle' }).isChecked(), true);
      await page.getByText('Chaque nouvelle capture ouvre sa propre conversation.').waitFor();
      await assertClean(page, `fr at ${viewport.width}`);

      await page.getByRole('button', { name: 'Désactiver Capturer à nouveau la même zone' }).click();
      await page.getByText('Raccourci désactivé.').waitFor();
      assert.equal(await field.inputValue(), 'Désactivé');
      await page.getByRole('button', { name: 'Choisir… Capturer à nouveau la même zone' }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('a repeat shortcut another app holds: said in French, naming the repeat’s own tray item; the old one stays', async () => {
  const refuse = {
    repeatHotkey: hostRefusal({ code: 'shortcut-taken', field: 'repeatHotkey', detail: 'Ctrl+Alt+P' }),
  };
  const { page, close } = await openSettings({
    locale: 'fr-FR',
    standIn: { settings: { repeatHotkey: 'Ctrl+Shift+R' }, refuse },
  });
  try {
    await show(page, 'Raccourci');
    await page.getByRole('button', { name: 'Modifier… Capturer à nouveau la même zone' }).click();
    await page.keyboard.press('Control+Alt+P');
    const error = page.locator('#settings-repeatHotkey-error');
    await error.waitFor();
    assert.match(
      await error.innerText(),
      /^Ctrl \+ Alt \+ P est déjà utilisé .*«\u00a0Capturer à nouveau la même zone\u00a0»/,
    );
    const field = page.getByRole('textbox', { name: 'Capturer à nouveau la même zone' });
    assert.equal(await field.inputValue(), 'Ctrl + Maj + R', 'the host kept the old one');
  } finally {
    await close();
  }
});
