import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultSettings, type Settings } from '../../../common/settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { testPng } from '../../support/images.js';
import {
  answered,
  askQuestion,
  inConversation,
  newCapture,
  startFakeChatPages,
  type FakeChatPages,
} from './fake-pages.js';
import { startHostedChatPages, type HostedChatPages } from './hosted-pages.js';

// Saved conversations in the chat page (Chromium): listed newest first,
// reopened, deleted after a confirmation (with the scripted app of
// fake-app.ts); and "Keep conversation history", through the development web
// host: it is the app's historyDays setting, written as the settings page
// writes it, and the settings page shows the same choice.
let fake: FakeChatPages;
let pages: HostedChatPages;

before(async () => {
  fake = await startFakeChatPages();
  pages = await startHostedChatPages('history', {
    async prepare(dataDir) {
      const settings: Settings = { ...defaultSettings('CommandOrControl+Shift+2'), historyDays: 30 };
      await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
      const store = new HistoryStore(path.join(dataDir, 'history'));
      const conversation = await store.create(await testPng(64, 32));
      await store.save({ ...conversation, title: 'Saved earlier', turns: [] });
    },
  });
});

after(async () => {
  await fake?.close();
  await pages?.close();
});

const savedHistoryDays = async () =>
  (JSON.parse(await readFile(path.join(pages.dataDir, 'settings.json'), 'utf8')) as Settings).historyDays;

test('keeping none deletes the saved conversations and saves historyDays 0; keeping them again keeps them all', async () => {
  const { page, problems, close } = await pages.openChat({ viewport: { width: 560, height: 800 } });
  try {
    await page.getByRole('button', { name: 'History' }).click();
    await page.locator('.history-title', { hasText: 'Saved earlier' }).waitFor();
    const keep = page.getByRole('checkbox', { name: 'Keep conversation history' });
    assert.equal(await keep.isChecked(), true, 'a limit of 30 days keeps history');

    await keep.click();
    await page
      .getByRole('dialog', { name: /Stop keeping history\?/ })
      .getByRole('button', { name: 'Delete and stop keeping' })
      .click();
    await page.getByText('No saved conversations.').waitFor();
    await page.locator('.history-keep input:not(:checked)').waitFor();
    assert.equal(await savedHistoryDays(), 0);

    await keep.click();
    await page.locator('.history-keep input:checked').waitFor();
    assert.equal(await savedHistoryDays(), undefined, 'kept again: no limit');
    // The settings page shows the same choice.
    await page.getByRole('button', { name: 'Settings' }).click();
    assert.equal(await page.getByRole('radio', { name: 'Keep all conversations' }).isChecked(), true);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('history lists conversations newest first; one reopens, one is deleted after a confirmation', async () => {
  const { page, close } = await fake.openChat();
  try {
    for (const question of ['First capture?', 'Second capture?']) {
      await newCapture(page);
      await askQuestion(page, question);
      await page.evaluate(() => {
        window.__fake.send('ok');
        window.__fake.end();
      });
      await answered(page);
    }
    await page.getByRole('button', { name: 'History' }).click();
    const items = page.locator('.history-title');
    await items.first().waitFor();
    assert.deepEqual(await items.allInnerTexts(), ['Second capture?', 'First capture?']);
    await page.getByRole('button', { name: 'Delete “Second capture?”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this conversation and its capture?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history-title').length === 1);
    // Keeping none asks first.
    const keep = page.getByRole('checkbox', { name: 'Keep conversation history' });
    assert.equal(await keep.isChecked(), true);
    await keep.click();
    const keepOff = page.getByRole('dialog', { name: /Stop keeping history\?/ });
    await keepOff.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(await page.evaluate(() => window.__fake.settingsUpdates), []);
    assert.equal(await keep.isChecked(), true);
    await keep.click();
    await keepOff.getByRole('button', { name: 'Delete and stop keeping' }).click();
    // Written as the settings page writes it: "keep none" is historyDays 0.
    await page.waitForFunction(() => window.__fake.settingsUpdates.length === 1);
    assert.deepEqual(await page.evaluate(() => window.__fake.settingsUpdates), [{ historyDays: 0 }]);
    await page.locator('.history-keep input:not(:checked)').waitFor();

    await page.locator('.history-open', { hasText: 'First capture?' }).click();
    await inConversation(page, 'First capture?').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
  } finally {
    await close();
  }
});
