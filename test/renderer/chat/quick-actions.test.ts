import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answered, askQuestion, inConversation, newCapture, fakeChatPagesForThisFile } from './fake-pages.js';

// The quick actions on a fresh capture, in Chromium with the scripted app
// (fake-app.ts): one click (or key) asks at once, and the conversation shows
// the action's short label, with its full prompt behind "Show the prompt".
const openChat = fakeChatPagesForThisFile();

const explainPrompt = 'Explain this error: what does it mean, what is the likely cause, and how do I fix it?';

test('one click on a quick action asks its full prompt, shown as its label with the prompt behind a disclosure', async () => {
  const { page, problems, close } = await openChat();
  try {
    await newCapture(page);
    await page.getByLabel('Your question').fill('half a thought');
    await page.getByRole('button', { name: 'Explain this error' }).click();
    await page.waitForFunction(() => window.__fake.answering());
    const asks = await page.evaluate(() => window.__fake.asks);
    assert.equal(asks.length, 1, 'one click, one question');
    assert.equal(asks[0]?.mode, 'ask');
    assert.equal(asks[0]?.action, 'explain-error');
    assert.equal(asks[0]?.question, explainPrompt);
    assert.equal(await page.getByLabel('Your question').inputValue(), 'half a thought', 'what was typed stays');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');

    const question = page.getByRole('article', { name: 'You' });
    await question.getByText('Explain this error', { exact: true }).waitFor();
    assert.equal(await question.getByText('Explain this error', { exact: true }).getAttribute('title'), explainPrompt);
    const prompt = question.getByText(explainPrompt, { exact: true });
    assert.equal(await prompt.isVisible(), false, 'the prompt starts folded');
    const toggle = question.getByRole('button', { name: 'Show the prompt' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    await prompt.waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await toggle.getAttribute('aria-controls'), await prompt.getAttribute('id'));
    await toggle.click();
    await prompt.waitFor({ state: 'hidden' });

    await page.evaluate(() => {
      window.__fake.send('It means the file is read-only.');
      window.__fake.end();
    });
    await answered(page);
    await page.getByRole('button', { name: 'Edit question' }).click();
    assert.equal(await page.getByLabel('Your question').inputValue(), explainPrompt, 'editing gives the full prompt');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a quick action runs from the keyboard, and waits, disabled, while an answer is being written', async () => {
  const { page, close } = await openChat();
  try {
    await newCapture(page);
    const transcribe = page.getByRole('button', { name: 'Transcribe the text' });
    await transcribe.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fake.answering());
    assert.equal(await page.evaluate(() => window.__fake.asks[0]?.action), 'transcribe');
    await page.getByRole('button', { name: 'Stop' }).click();
    await answered(page);

    // A new capture while another's answer is being written: its quick actions wait.
    await askQuestion(page, 'And the title?');
    await newCapture(page);
    const altText = page.getByRole('button', { name: 'Describe it (alt text)' });
    assert.equal(await altText.isDisabled(), true);
    await page.evaluate(() => window.__fake.end());
    await answered(page);
    assert.equal(await altText.isEnabled(), true);
    await altText.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__fake.asks.length === 3);
    assert.equal(await page.evaluate(() => window.__fake.asks[2]?.action), 'alt-text');
    await inConversation(page, 'Describe it (alt text)').waitFor();
  } finally {
    await close();
  }
});

test('in French, the question shows the French label and its prompt behind "Afficher la consigne"', async () => {
  const { page, close } = await openChat({ locale: 'fr-FR' });
  try {
    await newCapture(page);
    await page.getByRole('button', { name: 'La décrire (texte alternatif)' }).click();
    await page.waitForFunction(() => window.__fake.answering());
    const prompt =
      'Écris un texte alternatif concis pour cette image, destiné à une personne utilisant un lecteur d’écran.';
    assert.equal(await page.evaluate(() => window.__fake.asks[0]?.question), prompt);
    const question = page.getByRole('article', { name: 'Vous' });
    await question.getByText('La décrire (texte alternatif)', { exact: true }).waitFor();
    await question.getByRole('button', { name: 'Afficher la consigne' }).click();
    await question.getByText(prompt, { exact: true }).waitFor();
  } finally {
    await close();
  }
});
