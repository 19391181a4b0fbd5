import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { askQuestion, newCapture, startFakeChatPages, type FakeChatPages } from './chat-fake-pages.js';
import { sampleAnswer } from './chat-sample-answer.js';

// The chat page in Chromium with a scripted stand-in for the app behind its
// bridge (chat-fake-app.ts): rendering, hostile output, links, keyboard,
// scrolling, announcements, status and the French UI.
let pages: FakeChatPages;

before(async () => {
  pages = await startFakeChatPages();
});

after(async () => {
  await pages?.close();
});

const openChat = (options?: { locale?: string }) => pages.openChat(options);

/** Text in the conversation (the announcer repeats some of it). */
const inConversation = (page: Page, text: string) => page.locator('.conversation').getByText(text, { exact: true });

const answered = (page: Page) => page.waitForFunction(() => !window.__fake.answering());

test('markdown streams into the page: headings, lists, tasks, tables, links, code highlighted with a copy button', async () => {
  const { page, problems, close } = await openChat();
  try {
    await newCapture(page);
    await askQuestion(page);
    await page.evaluate(() => {
      window.__fake.phase('decoding');
      window.__fake.send(
        '# Fix it\n\nThe `path` is **relative**; see [the docs](https://nodejs.org/api/path.html).\n\n',
      );
      window.__fake.send('```python\nimport os\nprint(os.getcwd())\n');
    });
    // An open fence shows as plain code while it streams.
    await page.locator('.md-code-open', { hasText: 'print(os.getcwd())' }).waitFor();
    await page.getByText('Answering…').waitFor();
    await page.evaluate(() => {
      window.__fake.send(
        '```\n\n| option | meaning |\n|---|:-:|\n| `-r` | recursive |\n\n- [x] checked\n- [ ] to do\n\n1. one\n2. two\n',
      );
      window.__fake.end();
    });
    await answered(page);
    const answer = page.locator('.turn-answer').last();
    await answer.getByRole('heading', { name: 'Fix it' }).waitFor();
    assert.equal(await answer.locator('code', { hasText: 'path' }).first().innerText(), 'path');
    assert.equal(await answer.locator('strong').innerText(), 'relative');
    assert.equal(
      await answer.getByRole('link', { name: 'the docs' }).getAttribute('href'),
      'https://nodejs.org/api/path.html',
    );
    assert.equal(await answer.locator('.hljs-keyword', { hasText: 'import' }).count(), 1);
    assert.equal(
      await answer
        .locator('figcaption')
        .first()
        .innerText()
        .then((text) => text.startsWith('Python')),
      true,
    );
    assert.deepEqual(await answer.locator('table td').allInnerTexts(), ['-r', 'recursive']);
    // Alignment is set through the DOM, which the CSP allows (no style attribute is parsed).
    assert.equal(
      await answer
        .locator('table td')
        .nth(1)
        .evaluate((cell) => getComputedStyle(cell).textAlign),
      'center',
    );
    assert.deepEqual(
      await answer
        .locator('input[type=checkbox]')
        .evaluateAll((boxes) =>
          boxes.map((box) => [(box as HTMLInputElement).checked, (box as HTMLInputElement).disabled]),
        ),
      [
        [true, true],
        [false, true],
      ],
    );
    assert.equal(await answer.locator('ol li').count(), 2);
    await answer.getByRole('button', { name: 'Copy code' }).click();
    await answer.getByRole('button', { name: 'Copied' }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.__fake.copied), ['import os\nprint(os.getcwd())']);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('hostile output renders as inert text, fetches nothing, and the page stays responsive', async () => {
  const { page, problems, close } = await openChat();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  try {
    await newCapture(page);
    await askQuestion(page);
    const tracker = `${pages.url}/track.png`;
    await page.evaluate((trackerUrl) => {
      const fake = window.__fake;
      fake.send('<script>window.__pwned = 1</script>\n\n');
      fake.send('<img src=x onerror="window.__pwned = 2"> and <iframe src="https://example.com"></iframe>\n\n');
      fake.send('[click me](javascript:window.__pwned=3) [data](data:text/html,<b>x</b>) ');
      fake.send(
        `![tracking pixel](${trackerUrl}) <a href="https://evil.example" onclick="window.__pwned=4">raw link</a>\n\n`,
      );
      fake.send('x'.repeat(5 * 1024 * 1024) + '\n\n');
      fake.send('```js\nunterminated <script>window.__pwned = 5</script>');
      fake.end();
    }, tracker);
    await answered(page);
    const answer = page.locator('.turn-answer').last();
    await answer.locator('.md-code').last().waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await answer.locator('script, img, iframe, object, embed').count(), 0);
    assert.equal(await answer.getByRole('link', { name: 'click me' }).count(), 0);
    assert.equal(await answer.getByRole('link', { name: 'data' }).count(), 0);
    assert.equal(await answer.locator('a[href^="javascript:"], a[href^="data:"], [onclick], [onerror]').count(), 0);
    const shown = (await answer.textContent()) ?? '';
    assert.ok(shown.includes('<script>window.__pwned = 1</script>'), 'the script tag shows as text');
    assert.ok(shown.includes('<img src=x onerror="window.__pwned = 2">'), 'the img tag shows as text');
    await answer.getByText('Image: tracking pixel').waitFor();
    assert.deepEqual(
      requests.filter((url) => url.includes('track.png') || url.includes('example')),
      [],
    );
    assert.match((await answer.locator('.md-code').last().textContent()) ?? '', /unterminated <script>/);
    // Responsive: typing shows at once, and a round trip to the page is quick.
    const field = page.getByLabel('Your question');
    const started = Date.now();
    await field.fill('still responsive');
    assert.equal(await field.inputValue(), 'still responsive');
    assert.ok(Date.now() - started < 3000, `typing took ${Date.now() - started} ms`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a link opens only through main, after a confirmation that shows the full URL', async () => {
  const { page, close } = await openChat();
  try {
    await newCapture(page);
    await askQuestion(page);
    const url = 'https://example.com/a/very/long/path?with=query&and=more#fragment';
    await page.evaluate((href) => {
      window.__fake.send(`Read [this page](${href}).`);
      window.__fake.end();
    }, url);
    await answered(page);
    const before = page.url();
    const link = page.getByRole('link', { name: 'this page' });
    const dialog = page.getByRole('dialog', { name: 'Open this link?' });
    // However it is clicked, the link only asks.
    for (const click of [{ button: 'middle' as const }, { modifiers: ['Control' as const] }, {}]) {
      await link.click(click);
      await dialog.waitFor();
      assert.equal(await dialog.locator('.dialog-url').innerText(), url);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    assert.deepEqual(await page.evaluate(() => window.__fake.opened), []);
    await link.click();
    await dialog.getByRole('button', { name: 'Open link' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(await page.evaluate(() => window.__fake.opened), [url]);
    assert.equal(page.url(), before, 'the page never navigates');
    assert.equal(page.context().pages().length, 1, 'no window opened');
  } finally {
    await close();
  }
});

test('keyboard: focus in the field, Enter sends, Shift+Enter adds a line, Esc stops, closes, then hides', async () => {
  const { page, close } = await openChat();
  try {
    await newCapture(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
    await page.getByRole('button', { name: 'Explain this error' }).click();
    assert.match(await page.getByLabel('Your question').inputValue(), /^Explain this error: /);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
    await page.getByLabel('Your question').fill('');
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
    await page.keyboard.press('Enter');
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

test('auto-scroll follows the answer, stops when the user scrolls up, and resumes at the bottom', async () => {
  const { page, close } = await openChat();
  try {
    await newCapture(page);
    await askQuestion(page);
    const distance = () =>
      page.locator('.conversation-scroll').evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight);
    const paragraphs = sampleAnswer(6000).split('\n\n');
    const sendSome = (count: number) =>
      page.evaluate(
        async ([parts, n]) => {
          await window.__fake.fill(
            parts.slice(0, n).map((part) => `${part}\n\n`),
            2,
          );
        },
        [paragraphs, count] as const,
      );
    await sendSome(12);
    await page.waitForTimeout(50);
    assert.ok((await distance()) < 40, `not following: ${await distance()} px from the bottom`);
    await page.locator('.conversation-scroll').hover();
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(100);
    const heldAt = await page.locator('.conversation-scroll').evaluate((box) => box.scrollTop);
    await sendSome(12);
    await page.waitForTimeout(50);
    assert.equal(await page.locator('.conversation-scroll').evaluate((box) => box.scrollTop), heldAt);
    await page.getByRole('button', { name: 'Jump to the latest' }).click();
    await sendSome(6);
    await page.waitForTimeout(50);
    assert.ok((await distance()) < 40, 'following again after jumping to the latest');
    await page.evaluate(() => window.__fake.end());
  } finally {
    await close();
  }
});

test('the answer is announced politely once it is done, never token by token', async () => {
  const { page, close } = await openChat();
  try {
    await newCapture(page);
    await page.evaluate(() => {
      const region = document.querySelector('[aria-live="polite"]')!;
      (window as unknown as { __announced: string[] }).__announced = [];
      new MutationObserver(() => {
        (window as unknown as { __announced: string[] }).__announced.push(region.textContent ?? '');
      }).observe(region, { childList: true, characterData: true, subtree: true });
    });
    await askQuestion(page);
    await page.evaluate(() => window.__fake.stream('Sentence one. Sentence two. Sentence three.'.split(/(?= )/), 5));
    await answered(page);
    await page.waitForTimeout(50);
    const announced = await page.evaluate(() => (window as unknown as { __announced: string[] }).__announced);
    assert.deepEqual(announced, ['Sightline is answering.', 'Answer: Sentence one. Sentence two. Sentence three.']);
    // The conversation itself is no live region.
    assert.equal(await page.locator('.conversation [aria-live], .conversation[aria-live]').count(), 0);
  } finally {
    await close();
  }
});

test('the status line says what the engine is doing, in words, with a retry after an error', async () => {
  const { page, close } = await openChat();
  try {
    const status = page.getByRole('status');
    assert.equal(await status.innerText(), 'Fake model on the CPU');
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
    await status.getByText('Downloading SmolVLM 256M: 123 MB of 500 MB (24%), about 2 minutes left').waitFor();
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
      window.__fake.setStatus({
        kind: 'ready',
        modelName: 'SmolVLM 256M',
        provider: 'cpu',
        dtype: 'q8',
        fallbackReason: 'CUDA failed to start: no GPU found.',
      }),
    );
    await status.getByText('Not on the GPU: CUDA failed to start: no GPU found.').waitFor();
  } finally {
    await close();
  }
});

test('the UI speaks French to a French browser', async () => {
  const { page, problems, close } = await openChat({ locale: 'fr-FR' });
  try {
    await page.getByRole('heading', { name: 'Aucune capture pour l’instant' }).waitFor();
    assert.equal(await page.getByRole('status').innerText(), 'Fake model sur le processeur');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await newCapture(page);
    await page.getByRole('button', { name: 'Expliquer cette erreur' }).click();
    assert.match(await page.getByLabel('Votre question').inputValue(), /^Explique cette erreur/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fake.answering());
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
    await status.getByText('The model folder /models/x is missing config.json.').waitFor();
    await status.getByRole('button', { name: 'Réessayer' }).waitFor();
    // Each error with a fix offers it: the missing model is downloaded, the server that failed is checked.
    await status.getByRole('button', { name: 'Télécharger le modèle' }).waitFor();
    await failure.getByRole('button', { name: 'Vérifier le serveur' }).click();
    await page.getByRole('heading', { name: 'Réglages' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('history lists conversations newest first; one reopens, one is deleted after a confirmation', async () => {
  const { page, close } = await openChat();
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
    assert.deepEqual(await page.evaluate(() => window.__fake.settings), []);
    assert.equal(await keep.isChecked(), true);
    await keep.click();
    await keepOff.getByRole('button', { name: 'Delete and stop keeping' }).click();
    await page.waitForFunction(() => window.__fake.settings.length === 1);
    assert.equal(await page.evaluate(() => window.__fake.settings[0]?.keepHistory), false);
    assert.equal(await keep.isChecked(), false);

    await page.locator('.history-open', { hasText: 'First capture?' }).click();
    await inConversation(page, 'First capture?').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
  } finally {
    await close();
  }
});
