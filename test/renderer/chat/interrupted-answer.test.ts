import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { HistoryStore } from '../../../host/history/history-store.js';
import { testPng } from '../../support/images.js';
import { startHostedChatPages, type HostedChatPages } from './hosted-pages.js';

// An answer whose process died mid-stream (test/host/chat/answer-kill.test.ts
// kills one for real), as the page shows it after a restart: the text that
// was saved, the note that it was interrupted, and Regenerate.
let pages: HostedChatPages;

before(async () => {
  pages = await startHostedChatPages('interrupted', {
    async prepare(dataDir) {
      const store = new HistoryStore(path.join(dataDir, 'history'));
      const conversation = await store.create(await testPng(64, 32));
      const at = Date.now();
      await store.save({ ...conversation, title: 'Why?', turns: [{ role: 'user', text: 'Why did it fail?', at }] });
      await store.saveProgress(conversation.id, {
        questionAt: at,
        text: 'The file **config.json** is',
        savedAt: at + 1,
      });
    },
  });
});

after(async () => {
  await pages?.close();
});

for (const [locale, note, regenerate, history] of [
  ['en-US', /^Interrupted: Sightline closed before this answer finished/, 'Regenerate', 'History'],
  ['fr-FR', /^Interrompu\u00a0: Sightline s’est fermé avant la fin/, 'Régénérer', 'Historique'],
] as const) {
  test(`${locale}: an interrupted answer reopens with its saved text, says it was interrupted, and offers Regenerate`, async () => {
    const { page, problems, close } = await pages.openChat({ locale, viewport: { width: 560, height: 800 } });
    try {
      await page.getByRole('button', { name: history }).click();
      await page.locator('.history-open').first().click();
      const answer = page.locator('.turn-answer');
      await answer.waitFor();
      assert.equal(await answer.locator('strong').innerText(), 'config.json');
      assert.match(await answer.locator('.turn-note').innerText(), note);
      await answer.getByRole('button', { name: regenerate }).waitFor();
      // One question, one answer: never a question left hanging.
      assert.equal(await page.locator('.turn-user').count(), 1);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}
