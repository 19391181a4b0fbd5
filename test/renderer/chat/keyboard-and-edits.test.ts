import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answered, inConversation, newCapture, fakeChatPagesForThisFile } from './fake-pages.js';

// The chat page in Chromium with a scripted stand-in for the app behind its
// bridge (fake-app.ts): the keyboard (Enter, Shift+Enter, Esc), and what the
// user does with an answer — copy it, regenerate it, edit the question.
const openChat = fakeChatPagesForThisFile();

test('keyboard: focus in the field, Enter sends, Shift+Enter adds a line, Esc stops, closes, then hides', async () => {
  const { page, close } = await openChat();
  try {
    await newCapture(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    assert.deepEqual(await page.evaluate(() => window.__fake.asks.length), 0);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fake.answering());
    const ask = await page.evaluate(() => window.__fake.asks[0]);
    assert.equal(ask?.question, 'first line\nsecond line');
    assert.equal(ask?.mode, 'ask');
    await page.evaluate(() => window.__fake.send('Partial answer'));
    await page.getByText('Partial answer').waitFor();
    await page.keyboard.press('Escape');
    await inConversation(page, 'Stopped.').waitFor();
    assert.equal(await page.evaluate(() => window.__fake.stops), 1);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');

    await page.getByRole('button', { name: /Enlarge the capture \(64 × 32 pixels\)/ }).click();
    const zoom = page.getByRole('dialog', { name: 'Capture, 64 × 32 pixels' });
    await zoom.waitFor();
    await page.keyboard.press('Escape');
    await zoom.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => window.__fake.hidden), 0);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.__fake.hidden === 1);
    assert.equal(await page.evaluate(() => window.__fake.stops), 1);
  } finally {
    await close();
  }
});

test('Esc twice hides the window even when the closed dialog reports it after the second key', async () => {
  // Blink runs input before other tasks: the `close` event of a dialog that one Esc closed can
  // arrive after the next Esc. Hold it back here to make that order certain.
  const { page, close } = await openChat();
  try {
    await newCapture(page);
    await page.evaluate(() => {
      const held: { dialog?: EventTarget } = {};
      window.addEventListener(
        'close',
        (event) => {
          if (event.isTrusted && event.target instanceof HTMLDialogElement && !held.dialog) {
            event.stopImmediatePropagation();
            held.dialog = event.target;
          }
        },
        { capture: true },
      );
      (window as unknown as { releaseClose: () => void }).releaseClose = () =>
        held.dialog?.dispatchEvent(new Event('close'));
    });
    await page.getByRole('button', { name: /Enlarge the capture/ }).click();
    const zoom = page.getByRole('dialog', { name: /Capture, 64 × 32 pixels/ });
    await zoom.waitFor();
    await page.keyboard.press('Escape');
    await zoom.waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.__fake.hidden === 1);
    // The late event changes nothing, and the next capture's zoom opens and closes as before.
    await page.evaluate(() => (window as unknown as { releaseClose: () => void }).releaseClose());
    await page.getByRole('button', { name: /Enlarge the capture/ }).click();
    await zoom.waitFor();
    await page.keyboard.press('Escape');
    await zoom.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => window.__fake.hidden), 1);
  } finally {
    await close();
  }
});

test('copy the answer, regenerate it, edit and resend the last question', async () => {
  const { page, close } = await openChat();
  try {
    await newCapture(page);
    await page.getByRole('button', { name: 'Transcribe the text' }).click();
    await page.waitForFunction(() => window.__fake.answering());
    assert.equal(await page.evaluate(() => window.__fake.asks[0]?.action), 'transcribe');
    await page.evaluate(() => {
      window.__fake.send('First **answer**.');
      window.__fake.end();
    });
    await answered(page);
    await page.getByRole('button', { name: 'Copy answer' }).click();
    assert.deepEqual(await page.evaluate(() => window.__fake.copied), ['First **answer**.']);

    await page.getByRole('button', { name: 'Regenerate' }).click();
    await page.waitForFunction(() => window.__fake.answering());
    assert.equal(await page.evaluate(() => window.__fake.asks[1]?.mode), 'regenerate');
    await page.evaluate(() => {
      window.__fake.send('Second answer.');
      window.__fake.end();
    });
    await inConversation(page, 'Second answer.').waitFor();
    assert.equal(await page.locator('.conversation').getByText('First').count(), 0);

    await page.getByRole('button', { name: 'Edit question' }).click();
    await page.getByText('Editing your last question').waitFor();
    const field = page.getByLabel('Your question');
    assert.match(await field.inputValue(), /^Transcribe all the text/);
    await field.fill('Only the first line, please.');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fake.answering());
    const edit = await page.evaluate(() => window.__fake.asks[2]);
    assert.deepEqual([edit?.mode, edit?.question], ['edit', 'Only the first line, please.']);
    await page.evaluate(() => window.__fake.fail('The engine stopped unexpectedly.'));
    await inConversation(page, 'The answer failed: The engine stopped unexpectedly.').waitFor();
    assert.equal(await page.locator('.turn-user').count(), 1);
    assert.equal(
      await page
        .locator('.turn-user')
        .innerText()
        .then((text) => text.includes('Only the first line')),
      true,
    );
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForFunction(() => window.__fake.asks.length === 4);
    assert.equal(await page.evaluate(() => window.__fake.asks[3]?.mode), 'regenerate');
  } finally {
    await close();
  }
});
