import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newConversationId } from '../../../host/history/history-store.js';
import { testPng } from '../../support/images.js';
import { startHostedChatPages, type HostedChatPages } from './hosted-pages.js';

// Files of the user's that the app cannot read, through the development web
// host and the real page: a settings file that does not parse (reset to
// defaults, the old one kept aside) and a saved conversation that does not
// parse (skipped, left in place). Nothing is lost silently: the page says both.
let pages: HostedChatPages;
let brokenConversation: string;

before(async () => {
  pages = await startHostedChatPages('storage-notices', {
    async prepare(dataDir) {
      await writeFile(path.join(dataDir, 'settings.json'), '{"theme": "dark", ');
      const id = newConversationId(Date.now());
      await mkdir(path.join(dataDir, 'history', id), { recursive: true });
      brokenConversation = path.join(dataDir, 'history', id, 'conversation.json');
      await writeFile(brokenConversation, '{"version":1,"id"');
      await writeFile(path.join(dataDir, 'history', id, 'capture.png'), await testPng(8, 8));
    },
  });
});

after(async () => {
  await pages?.close();
});

const openPage = (locale: string) => pages.openChat({ locale, viewport: { width: 560, height: 800 } });

test('a settings file reset to defaults and a conversation that cannot be read are told, with where each file is', async () => {
  const keptAside = (await readdir(pages.dataDir)).find((name) => name.startsWith('settings.corrupt-'));
  assert.ok(keptAside, 'the unreadable settings file was kept aside, not deleted');

  const { page, problems, close } = await openPage('en-US');
  try {
    const settings = page.getByRole('alert').filter({ hasText: 'Your settings could not be read' });
    await settings.waitFor();
    assert.match(await settings.innerText(), /started with its default settings/);
    assert.ok((await settings.innerText()).includes(path.join(pages.dataDir, keptAside)));
    // The parser's words are folded under "Why".
    await settings.getByText('Why').click();
    await settings.getByText(/not valid JSON/).waitFor();
    const conversation = page.getByRole('alert').filter({ hasText: 'A saved conversation could not be read' });
    await conversation.waitFor();
    assert.ok((await conversation.innerText()).includes(brokenConversation));
    assert.match(await conversation.innerText(), /left as it was/);

    // Dismissed, each stays dismissed when the history is read again.
    await settings.getByRole('button', { name: 'Dismiss' }).click();
    await settings.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: 'Your settings' }).count(), 0);
    await conversation.getByRole('button', { name: 'Dismiss' }).click();
    await conversation.waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the notices are in French on a French page', async () => {
  const { page, close } = await openPage('fr-FR');
  try {
    await page.getByRole('heading', { name: 'Vos réglages n’ont pas pu être lus' }).waitFor();
    await page.getByRole('heading', { name: 'Une conversation enregistrée n’a pas pu être lue' }).waitFor();
    await page.getByRole('button', { name: 'Fermer' }).first().waitFor();
  } finally {
    await close();
  }
});
