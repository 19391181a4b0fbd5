import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright';
import { maxThumbnailBytes } from '../../../common/conversation.js';
import { defaultSettings, type Settings } from '../../../common/settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { thumbnailMaxSide } from '../../../host/history/thumbnails.js';
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

// Saved conversations in the chat page (Chromium): listed newest first with
// their capture's thumbnail and a title from their content, searched as one
// types, reopened, deleted after a confirmation, left with Back or Esc (with
// the scripted app of fake-app.ts); and, through the development web host,
// the real listing (titles, thumbnails) and "Keep conversation history": the
// app's historyDays setting, written as the settings page writes it, and the
// settings page shows the same choice.
let fake: FakeChatPages;
let pages: HostedChatPages;

before(async () => {
  fake = await startFakeChatPages();
  pages = await startHostedChatPages('history', {
    async prepare(dataDir) {
      const settings: Settings = { ...defaultSettings('CommandOrControl+Shift+2'), historyDays: 30 };
      await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
      const store = new HistoryStore(path.join(dataDir, 'history'));
      // Saved by an earlier version: its title is its quick action's prompt.
      const conversation = await store.create(await testPng(640, 400));
      const prompt = 'Explain this error: what does it mean, what is the likely cause, and how do I fix it?';
      await store.save({
        ...conversation,
        title: prompt,
        turns: [
          { role: 'user', text: prompt, action: 'explain-error', at: conversation.createdAt },
          {
            role: 'assistant',
            text: '**The disk is full.** Free some space.',
            outcome: 'eos',
            at: conversation.createdAt,
          },
        ],
      });
    },
  });
});

after(async () => {
  await fake?.close();
  await pages?.close();
});

const savedEarlierTitle = 'The disk is full';

const savedHistoryDays = async () =>
  (JSON.parse(await readFile(path.join(pages.dataDir, 'settings.json'), 'utf8')) as Settings).historyDays;

test('the host lists a conversation by its content, with a small thumbnail of its capture', async () => {
  const { page, problems, close } = await pages.openChat({ viewport: { width: 420, height: 700 } });
  try {
    await page.getByRole('button', { name: 'History' }).click();
    const row = page.locator('.history-item', { hasText: savedEarlierTitle });
    await row.waitFor();
    assert.equal(await row.locator('.history-title').innerText(), savedEarlierTitle, 'not the quick action’s prompt');
    assert.match(await row.locator('.history-meta').innerText(), /Explain this error/);
    const thumbnail = row.locator('.history-thumb img');
    await thumbnail.waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('.history-thumb img')?.complete);
    const image = await thumbnail.evaluate((img: HTMLImageElement) => ({
      src: img.src,
      width: img.naturalWidth,
      height: img.naturalHeight,
    }));
    assert.deepEqual([image.width, image.height], [thumbnailMaxSide, 100], 'the capture, scaled down');
    const bytes = Buffer.from(image.src.replace(/^data:image\/\w+;base64,/, ''), 'base64').byteLength;
    assert.ok(bytes > 0 && bytes <= maxThumbnailBytes, `${bytes} bytes`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('keeping none deletes the saved conversations and saves historyDays 0; keeping them again keeps them all', async () => {
  const { page, problems, close } = await pages.openChat({ viewport: { width: 560, height: 800 } });
  try {
    await page.getByRole('button', { name: 'History' }).click();
    await page.locator('.history-title', { hasText: savedEarlierTitle }).waitFor();
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
    await page.getByRole('button', { name: 'Privacy', exact: true }).click();
    assert.equal(await page.getByRole('switch', { name: 'Keep conversation history' }).isChecked(), true);
    assert.equal(await page.getByRole('switch', { name: 'Delete old conversations automatically' }).isChecked(), false);
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

/**
 * Three saved conversations as a host lists them: titles, words, thumbnails, times.
 * The page's clock is set to today's noon first: "yesterday" is calendar days, so
 * 26 hours ago reads "2 days ago" when the suite runs just after midnight.
 */
async function addSaved(page: Page, thumbnail: string): Promise<void> {
  const noon = await page.evaluate(() => new Date().setHours(12, 0, 0, 0));
  await page.clock.setFixedTime(noon);
  await page.evaluate((thumbnail) => {
    const hour = 3_600_000;
    const now = Date.now();
    const turns = (question: string, answer: string) => [
      { role: 'user' as const, text: question, at: now },
      { role: 'assistant' as const, text: answer, outcome: 'eos' as const, at: now },
    ];
    window.__fake.addConversation('Le disque est plein', turns('Que se passe-t-il ?', 'Le disque est plein.'), {
      thumbnail,
      searchText: 'Que se passe-t-il ?\nLe disque est plein.\nImpossible d’enregistrer rapport.docx',
      updatedAt: now - 26 * hour,
    });
    window.__fake.addConversation(
      'The Submit button is disabled',
      turns('What is wrong?', 'The Submit button is disabled.'),
      {
        thumbnail,
        searchText: 'What is wrong?\nThe Submit button is disabled.\nSign in',
        action: 'ui-problem',
        updatedAt: now - 2 * hour,
      },
    );
    window.__fake.addConversation(
      '',
      [{ role: 'user', text: 'Explain this error: …', action: 'explain-error', at: now }],
      {
        searchText: 'npm ERR! missing script: build',
        action: 'explain-error',
        updatedAt: now - 5 * 60_000,
      },
    );
  }, thumbnail);
}

const tinyThumbnail = async () => `data:image/png;base64,${Buffer.from(await testPng(16, 10)).toString('base64')}`;

test('history rows show their thumbnail, title and time; a search filters them as one types and says when none match', async () => {
  const { page, problems, close } = await fake.openChat({ viewport: { width: 420, height: 700 } });
  try {
    await addSaved(page, await tinyThumbnail());
    await page.getByRole('button', { name: 'History' }).click();
    const titles = page.locator('.history-title');
    await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 3);
    // A quick action with nothing else to go by is named by its action.
    assert.deepEqual(await titles.allInnerTexts(), [
      'Explain this error',
      'The Submit button is disabled',
      'Le disque est plein',
    ]);
    assert.equal(await page.locator('.history-item img[src^="data:image/png"]').count(), 2);
    assert.deepEqual(await page.locator('.history-meta time').allInnerTexts(), [
      '5 min. ago',
      '2 hr. ago',
      'yesterday',
    ]);

    // The search field has the focus: typing filters at once, by answer words, question words or capture text.
    const search = page.getByRole('searchbox', { name: 'Search conversations' });
    assert.equal(await search.evaluate((field) => field === document.activeElement), true);
    await page.keyboard.type('submit');
    await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 1);
    assert.deepEqual(await titles.allInnerTexts(), ['The Submit button is disabled']);
    await search.fill('rapport.docx');
    await page.waitForFunction(() => document.querySelector('.history-title')?.textContent === 'Le disque est plein');
    await search.fill('missing script');
    await page.waitForFunction(() => document.querySelector('.history-title')?.textContent === 'Explain this error');
    // Case and accents do not matter.
    await search.fill('DISQUE plein');
    await page.waitForFunction(() => document.querySelector('.history-title')?.textContent === 'Le disque est plein');

    await search.fill('zebra');
    await page.getByText('No conversation matches “zebra”.').waitFor();
    assert.equal(await page.locator('.history-item').count(), 0);
    assert.equal(await page.getByRole('status').filter({ hasText: '0 conversations match' }).count(), 1);
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 3);
    assert.equal(await search.inputValue(), '');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('in French, the search, its "no match" and the times are French', async () => {
  const { page, problems, close } = await fake.openChat({ locale: 'fr-FR', viewport: { width: 420, height: 700 } });
  try {
    await addSaved(page, await tinyThumbnail());
    await page.getByRole('button', { name: 'Historique' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 3);
    assert.deepEqual(await page.locator('.history-title').allInnerTexts(), [
      'Expliquer cette erreur',
      'The Submit button is disabled',
      'Le disque est plein',
    ]);
    const times = await page.locator('.history-meta time').allInnerTexts();
    // French puts a no-break space between a number and its unit.
    assert.deepEqual(
      times.map((time) => time.replace(/\s/g, ' ')),
      ['il y a 5 min', 'il y a 2 h', 'hier'],
    );
    const search = page.getByRole('searchbox', { name: 'Rechercher dans les conversations' });
    await search.fill('ecran bleu');
    await page.getByText('Aucune conversation ne correspond à «\u00a0ecran bleu\u00a0».').waitFor();
    await page.getByRole('button', { name: 'Effacer la recherche' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 3);
    await page.getByRole('button', { name: 'Supprimer « Le disque est plein »' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('Back and Esc return to the chat; Esc in a search with words clears it first', async () => {
  const { page, close } = await fake.openChat();
  try {
    await addSaved(page, await tinyThumbnail());
    // No conversation open: Esc in the history returns to the chat, it does not hide the window.
    await page.getByRole('button', { name: 'History' }).click();
    const search = page.getByRole('searchbox', { name: 'Search conversations' });
    await search.waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Nothing captured yet' }).waitFor();
    assert.equal(await page.evaluate(() => window.__fake.hidden), 0);

    await newCapture(page);
    await askQuestion(page, 'What is on screen?');
    await page.evaluate(() => {
      window.__fake.send('A dialog.');
      window.__fake.end();
    });
    await answered(page);
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await inConversation(page, 'What is on screen?').waitFor();

    await page.getByRole('button', { name: 'History' }).click();
    await search.fill('submit');
    await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 1);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 4);
    assert.equal(await search.inputValue(), '', 'cleared, and still in the history');
    await page.keyboard.press('Escape');
    await inConversation(page, 'What is on screen?').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'question');
    assert.equal(await page.evaluate(() => window.__fake.hidden), 0);
  } finally {
    await close();
  }
});

test('a conversation deleted elsewhere: opening it says so in the page’s language', async () => {
  for (const [locale, history, gone] of [
    ['en-US', 'History', 'This conversation no longer exists.'],
    ['fr-FR', 'Historique', 'Cette conversation n’existe plus.'],
  ] as const) {
    const { page, problems, close } = await fake.openChat({ locale, viewport: { width: 420, height: 700 } });
    try {
      await addSaved(page, await tinyThumbnail());
      await page.getByRole('button', { name: history }).click();
      await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 3);
      // Deleted by another window: the list here has not heard yet.
      await page.evaluate(() => {
        const id = [...window.__fake.conversations.entries()].find(([, c]) => c.title === 'Le disque est plein')?.[0];
        if (id) window.__fake.conversations.delete(id);
      });
      await page.locator('.history-open', { hasText: 'Le disque est plein' }).click();
      await page.getByRole('alert').getByText(gone).waitFor();
      // The list here drops it too.
      await page.waitForFunction(() => document.querySelectorAll('.history-item').length === 2);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});
