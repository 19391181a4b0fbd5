import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright';
import { HistoryStore } from '../../host/history/history-store.js';
import { startDevWebHost, type DevWebHost } from '../../web-host/start.js';
import { launchChromium } from '../support/chromium.js';
import { testPng } from '../support/images.js';
import { distDir, requireBuild } from '../support/repo.js';

// An answer whose process died mid-stream (answer-kill.test.ts kills one for
// real), as the page shows it after a restart: the text that was saved, the
// note that it was interrupted, and Regenerate.
let browser: Browser;
let dataDir: string;
let host: DevWebHost;

before(async () => {
  requireBuild();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sightline-interrupted-'));
  const store = new HistoryStore(path.join(dataDir, 'history'));
  const conversation = await store.create(await testPng(64, 32));
  const at = Date.now();
  await store.save({ ...conversation, title: 'Why?', turns: [{ role: 'user', text: 'Why did it fail?', at }] });
  await store.saveProgress(conversation.id, { questionAt: at, text: 'The file **config.json** is', savedAt: at + 1 });
  browser = await launchChromium();
  host = await startDevWebHost({ rendererDir: path.join(distDir, 'renderer'), dataDir });
});

after(async () => {
  await browser?.close();
  await host?.close();
  await rm(dataDir, { recursive: true, force: true });
});

for (const [locale, note, regenerate, history] of [
  ['en-US', /^Interrupted: Sightline closed before this answer finished/, 'Regenerate', 'History'],
  ['fr-FR', /^Interrompu : Sightline s’est fermé avant la fin/, 'Régénérer', 'Historique'],
] as const) {
  test(`${locale}: an interrupted answer reopens with its saved text, says it was interrupted, and offers Regenerate`, async () => {
    const context = await browser.newContext({ locale, viewport: { width: 560, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(host.web.url);
      await page.getByRole('button', { name: history }).click();
      await page.locator('.history-open').first().click();
      const answer = page.locator('.turn-answer');
      await answer.waitFor();
      assert.equal(await answer.locator('strong').innerText(), 'config.json');
      assert.match(await answer.locator('.turn-note').innerText(), note);
      await answer.getByRole('button', { name: regenerate }).waitFor();
      // One question, one answer: never a question left hanging.
      assert.equal(await page.locator('.turn-user').count(), 1);
    } finally {
      await context.close();
    }
  });
}
