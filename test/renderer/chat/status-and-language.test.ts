import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inConversation, newCapture, fakeChatPagesForThisFile } from './fake-pages.js';

// The chat page in Chromium with a scripted stand-in for the app behind its
// bridge (fake-app.ts): the status line in words, with the fix each error
// offers, and the whole UI in French for a French browser. The model's chip
// and its details: status-chip.test.ts.
const openChat = fakeChatPagesForThisFile();

test('the status line says what the engine is doing, in words, with a retry after an error', async () => {
  const { page, close } = await openChat();
  try {
    const status = page.getByRole('status');
    assert.equal(await status.innerText(), 'Fake model · CPU');
    await page.evaluate(() =>
      window.__fake.setStatus({
        kind: 'downloading',
        modelName: 'SmolVLM 256M',
        phase: 'downloading',
        bytesDone: 123_000_000,
        bytesTotal: 500_000_000,
        etaSeconds: 130,
      }),
    );
    await status.getByText('Downloading SmolVLM 256M: 24%, about 2 minutes left (123 MB of 500 MB)').waitFor();
    await status.locator('progress').waitFor();
    await page.evaluate(() => window.__fake.setStatus({ kind: 'loading', modelName: 'SmolVLM 256M' }));
    await status.getByText('Loading SmolVLM 256M…').waitFor();
    await page.evaluate(() => window.__fake.setStatus({ kind: 'resting', modelName: 'SmolVLM 256M' }));
    await status.getByText('SmolVLM 256M is unloaded to free memory; it loads again with your next question').waitFor();
    await page.evaluate(() =>
      window.__fake.setStatus({ kind: 'restarting', reason: 'crash', delayMs: 500, attempt: 2 }),
    );
    await status.getByText('The engine stopped unexpectedly. Restarting it (attempt 2)…').waitFor();
    await page.evaluate(() =>
      window.__fake.setStatus({
        kind: 'error',
        message: 'The model files are damaged. Download it again.',
        canRetry: true,
      }),
    );
    await status.getByText('The model files are damaged. Download it again.').waitFor();
    await status.getByRole('button', { name: 'Retry' }).waitFor();
    await page.evaluate(() =>
      window.__fake.setStatus({ kind: 'ready', modelName: 'SmolVLM 256M', provider: 'cuda', dtype: 'fp16' }),
    );
    await status.getByRole('button', { name: 'SmolVLM 256M · GPU (CUDA)' }).waitFor();
  } finally {
    await close();
  }
});

test('the UI speaks French to a French browser', async () => {
  const { page, problems, close } = await openChat({ locale: 'fr-FR' });
  try {
    await page.getByRole('heading', { name: 'Aucune capture pour l’instant' }).waitFor();
    assert.equal(await page.getByRole('status').innerText(), 'Fake model · CPU');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await newCapture(page);
    await page.getByRole('button', { name: 'Expliquer cette erreur' }).click();
    await page.waitForFunction(() => window.__fake.answering());
    assert.match((await page.evaluate(() => window.__fake.asks[0]?.question)) ?? '', /^Explique cette erreur/);
    await page.getByRole('button', { name: 'Arrêter' }).click();
    await inConversation(page, 'Arrêté.').waitFor();

    // The engine words its errors in English: the French page heads them in French and keeps them as the detail.
    const detail = 'Ollama at 127.0.0.1:11434 did not answer within 120 s.';
    await page.getByLabel('Votre question').fill('Et maintenant ?');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fake.answering());
    await page.evaluate((message) => window.__fake.fail(message, 'remote-timeout'), detail);
    const failure = page.getByRole('alert').filter({ hasText: 'La réponse a échoué' });
    await failure.getByText('La réponse a échoué : Le serveur de modèles n’a pas répondu à temps.').waitFor();
    assert.equal(await failure.locator('[lang="en"]').innerText(), detail);
    await page.evaluate(() =>
      window.__fake.setStatus({
        kind: 'error',
        message: 'The model folder /models/x is missing config.json.',
        canRetry: true,
        code: 'model-missing',
      }),
    );
    const status = page.getByRole('status');
    await status
      .getByText('Les fichiers du modèle sont introuvables. Téléchargez-le de nouveau dans les Réglages.')
      .waitFor();
    await status.getByRole('button', { name: 'Réessayer' }).waitFor();
    // The engine's own words, on demand.
    await status.getByRole('button', { name: 'Détails' }).click();
    const details = page.getByRole('group', { name: 'Détails du modèle' });
    assert.equal(
      await details.locator('[lang="en"]').innerText(),
      'The model folder /models/x is missing config.json.',
    );
    // Each error with a fix offers it: the missing model is downloaded, the server that failed is checked.
    await status.getByRole('button', { name: 'Télécharger le modèle' }).waitFor();
    await failure.getByRole('button', { name: 'Vérifier le serveur' }).click();
    await page.getByRole('heading', { name: 'Réglages' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
