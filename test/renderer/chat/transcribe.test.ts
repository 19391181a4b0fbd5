import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { capturePages } from '../../fixtures/text-captures/pages.js';
import { renderCaptures, type RenderedCapture } from '../../fixtures/text-captures/render.js';
import { startHostedChatPages, type HostedChatPages } from './hosted-pages.js';

// "Transcribe the text" as a new user meets it, in Chromium against the
// development web host with the real engine and its real text layer, and no
// model installed: the capture's text is read as it opens, and the quick
// action answers from it at once, with no model to download first.
let pages: HostedChatPages;
let capture: RenderedCapture | undefined;

before(async () => {
  [capture] = await renderCaptures(capturePages.filter((page) => page.name === 'dialog-save'));
  pages = await startHostedChatPages('transcribe');
});

after(async () => {
  await pages?.close();
});

test('with no model installed, "Transcribe the text" answers from the text read in the capture', async () => {
  // A side panel's width: the transcript wraps rather than scrolling sideways.
  const { page, problems, close } = await pages.openChat({ viewport: { width: 420, height: 700 } });
  try {
    await page.getByRole('heading', { name: 'Sightline explains what is on your screen' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'dialog.png',
      mimeType: 'image/png',
      buffer: capture!.png,
    });
    await page.locator('.capture-thumb img').waitFor();
    // One click on the quick action asks it.
    await page.getByRole('button', { name: 'Transcribe the text' }).click();
    const answer = page.locator('.turn-answer:not(.turn-live)');
    await answer.waitFor({ timeout: 120_000 });
    const text = await answer.innerText();
    for (const words of ['read-only', 'Save a copy under another name', 'Cancel', 'Save As']) {
      assert.ok(text.includes(words), `the transcript has "${words}": ${text}`);
    }
    assert.equal(await page.getByText(/Waiting for the model/).count(), 0, 'no model was waited for');
    const overflow = await answer.locator('pre').evaluate((pre) => pre.scrollWidth - pre.clientWidth);
    assert.equal(overflow, 0, 'the transcript wraps inside the panel');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
