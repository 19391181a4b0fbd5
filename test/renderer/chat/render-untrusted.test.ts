import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright';
import type { ChatTurn } from '../../../common/conversation.js';
import { deepKinds, hostileDepth, nested, type DeepKind } from './markdown/deep-markdown.js';
import { askQuestion, newCapture, fakeChatPagesForThisFile } from './fake-pages.js';

// Untrusted model output can never break the chat page (Chromium, the built
// page, the scripted app of fake-app.ts): markdown nested thousands of
// levels deep renders — past a sane depth, as the plain text it was written
// as — live and reopened from history; and an answer that fails to render
// shows its text with a note while the rest of the page keeps working.
const openChat = fakeChatPagesForThisFile();

/** Sends text as a model streams it: small deltas, a few each frame. The answer stays open. */
async function streamText(page: Page, text: string) {
  await page.evaluate(async (all) => {
    await window.__fake.fill(all.match(/[\s\S]{1,48}/g) ?? [], 8);
  }, text);
}

/** Ends the answer with a short formatted one, and waits until the page shows it formatted. */
async function answerNormally(page: Page) {
  await page.evaluate(() => {
    window.__fake.send('Still *formatted*.');
    window.__fake.end();
  });
  await page.locator('.turn-answer').last().locator('em', { hasText: 'formatted' }).waitFor();
}

/** Waits until the element `selector` finds has exactly `text` (it changes frame by frame while an answer streams). */
async function waitForText(page: Page, selector: string, text: string) {
  await page.waitForFunction(([css, expected]) => document.querySelector(css)?.textContent === expected, [
    selector,
    text,
  ] as const);
}

/** What an answer that failed to render says under its text. */
const failedNote = 'This answer could not be formatted, so it is shown as plain text.';

const inConversation = (page: Page, text: string) => page.locator('.conversation').getByText(text, { exact: true });

// --- nesting -------------------------------------------------------------------

/** An answer around one deep block: the text before and after it must still render formatted. */
const deepAnswer = (kind: DeepKind) => `Intro with **bold** text.\n\n${nested(kind, hostileDepth[kind])}\n\nAfter.`;

/** A finished answer that held `kind` nested deep: the block as written, the rest formatted, and no failure. */
async function assertDeepAnswer(answer: Locator, kind: DeepKind) {
  assert.equal(await answer.locator('.md-plain').textContent(), nested(kind, hostileDepth[kind]), kind);
  assert.equal(await answer.locator('strong').textContent(), 'bold', kind);
  assert.equal(await answer.getByText('After.', { exact: true }).count(), 1, kind);
  assert.equal(await answer.locator('blockquote, li, em').count(), 0, `${kind}: nothing nested is left`);
  assert.equal(await answer.getByText(failedNote).count(), 0, `${kind}: rendered, not failed`);
}

test('markdown nested thousands of levels deep streams in, past the limit as plain text, and the page keeps working', async () => {
  const { page, problems, close } = await openChat();
  try {
    await newCapture(page);
    for (const kind of deepKinds) {
      const deep = nested(kind, hostileDepth[kind]);
      await askQuestion(page, `Nested ${kind}?`);
      await streamText(page, `Intro with **bold** text.\n\n${deep}\n\n`);
      // Live: the open answer shows the block as written.
      await waitForText(page, '.turn-live .md-plain', deep);
      await page.getByText('Answering…').waitFor();
      await page.evaluate(() => {
        window.__fake.send('After.');
        window.__fake.end();
      });
      await page.locator('.turn-live').waitFor({ state: 'detached' });
      await assertDeepAnswer(page.locator('.turn-answer').last(), kind);
    }
    await askQuestion(page, 'And a normal answer?');
    await answerNormally(page);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('answers nested thousands of levels deep reopen from history, past the limit as plain text, every time', async () => {
  const { page, problems, close } = await openChat();
  try {
    const turns = deepKinds.flatMap((kind, i): ChatTurn[] => [
      { role: 'user', text: `Nested ${kind}?`, at: 2 * i },
      { role: 'assistant', text: deepAnswer(kind), outcome: 'eos', at: 2 * i + 1 },
    ]);
    await page.evaluate((saved) => window.__fake.addConversation('Deep answers', saved), turns);
    for (let opened = 0; opened < 2; opened++) {
      await page.getByRole('button', { name: 'History' }).click();
      await page.locator('.history-open', { hasText: 'Deep answers' }).click();
      await inConversation(page, `Nested ${deepKinds.at(-1)}?`).waitFor();
      const answers = page.locator('.turn-answer');
      assert.equal(await answers.count(), deepKinds.length);
      for (const [i, kind] of deepKinds.entries()) await assertDeepAnswer(answers.nth(i), kind);
    }
    await askQuestion(page, 'And a normal answer?');
    await answerNormally(page);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

// --- a message that fails to render -------------------------------------------

const brokenHost = 'renderer-bug.invalid';

/**
 * A renderer bug that one answer sets off, injected by the test into its page
 * (the app has no switch for it): making a link's address fails for one host.
 * A link's address is made while the answer renders, never while it is
 * parsed, so exactly the answers linking to that host fail to render.
 */
async function breakRenderingOfLinksTo(page: Page, host: string) {
  await page.evaluate((broken) => {
    const toString = URL.prototype.toString;
    URL.prototype.toString = function (this: URL) {
      if (this.hostname === broken) throw new Error('Injected renderer failure');
      return toString.call(this);
    };
  }, host);
}

/** Only the injected failure was reported (React logs an error it caught). */
function onlyInjected(problems: readonly string[]) {
  assert.ok(problems.length > 0, 'the failure is reported');
  assert.ok(
    problems.every((problem) => problem.includes('Injected renderer failure')),
    problems.join('\n'),
  );
}

test('an answer that fails to render shows its text and a note, live and once done; the rest of the page keeps working', async () => {
  const { page, problems, close } = await openChat();
  try {
    await newCapture(page);
    await askQuestion(page, 'First?');
    await page.evaluate(() => {
      window.__fake.send('A **formatted** answer.');
      window.__fake.end();
    });
    await page.locator('.turn-answer strong', { hasText: 'formatted' }).waitFor();
    await breakRenderingOfLinksTo(page, brokenHost);

    await askQuestion(page, 'Second?');
    const broken = `See [the docs](https://${brokenHost}/docs) for **more**.`;
    await streamText(page, broken);
    const live = page.locator('.turn-live');
    await live.getByText(failedNote).waitFor();
    await waitForText(page, '.turn-live .message-failed .md-plain', broken);
    // The answer goes on streaming, as text.
    await live.getByText('Answering…').waitFor();
    await streamText(page, '\n\nMore words.');
    await waitForText(page, '.turn-live .message-failed .md-plain', `${broken}\n\nMore words.`);
    await page.evaluate(() => window.__fake.end());
    await live.waitFor({ state: 'detached' });

    const answers = page.locator('.turn-answer');
    const failed = answers.last();
    assert.equal(await failed.locator('.md-plain').textContent(), `${broken}\n\nMore words.`);
    await failed.getByText(failedNote).waitFor();
    await failed.getByRole('button', { name: 'Copy answer' }).click();
    assert.deepEqual(await page.evaluate(() => window.__fake.copied), [`${broken}\n\nMore words.`]);
    await failed.getByRole('button', { name: 'Regenerate' }).waitFor();
    assert.equal(await answers.first().locator('strong').textContent(), 'formatted');
    assert.equal(await answers.first().getByText(failedNote).count(), 0);

    await askQuestion(page, 'Third?');
    await answerNormally(page);
    onlyInjected(problems);
  } finally {
    await close();
  }
});

test('a saved answer that fails to render reopens as its text with a note, in French too', async () => {
  const { page, problems, close } = await openChat({ locale: 'fr-FR' });
  try {
    await breakRenderingOfLinksTo(page, brokenHost);
    const broken = `Voir [la doc](https://${brokenHost}/docs) pour **plus**.`;
    const turns: ChatTurn[] = [
      { role: 'user', text: 'Première ?', at: 1 },
      { role: 'assistant', text: 'Une réponse **formatée**.', outcome: 'eos', at: 2 },
      { role: 'user', text: 'Deuxième ?', at: 3 },
      { role: 'assistant', text: broken, outcome: 'eos', at: 4 },
    ];
    await page.evaluate((saved) => window.__fake.addConversation('Réponse cassée', saved), turns);
    await page.getByRole('button', { name: 'Historique' }).click();
    await page.locator('.history-open', { hasText: 'Réponse cassée' }).click();

    const answers = page.locator('.turn-answer');
    const failed = answers.last();
    await failed.getByText('Cette réponse n’a pas pu être mise en forme : elle est affichée en texte brut.').waitFor();
    assert.equal(await failed.locator('.md-plain').textContent(), broken);
    await failed.getByRole('button', { name: 'Régénérer' }).waitFor();
    assert.equal(await answers.first().locator('strong').textContent(), 'formatée');

    await askQuestion(page, 'Et maintenant ?', 'Votre question');
    await answerNormally(page);
    onlyInjected(problems);
  } finally {
    await close();
  }
});
