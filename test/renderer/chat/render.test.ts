import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { answered, askQuestion, newCapture, startFakeChatPages, type FakeChatPages } from './fake-pages.js';
import { sampleAnswer } from './markdown/sample-answer.js';

// The chat page in Chromium with a scripted stand-in for the app behind its
// bridge (fake-app.ts): answers render as they stream — markdown, hostile
// output as inert text, links confirmed, scrolling that follows, and an
// announcement once done.
let pages: FakeChatPages;

before(async () => {
  pages = await startFakeChatPages();
});

after(async () => {
  await pages?.close();
});

const openChat = (options?: { locale?: string }) => pages.openChat(options);

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
