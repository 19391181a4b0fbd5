import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { testPng } from '../../support/images.js';
import { fakeChatPagesForThisFile, inConversation, newCapture } from './fake-pages.js';

// "Look closer" in the capture zoom (Chromium, the scripted app of
// fake-app.ts): a part dragged over the scaled image goes to the host in the
// capture's own pixels, whatever the window's size; the zoom closes, the
// closer look shows in the thread with its label and the question about it
// streams its answer. Esc clears a selection before it closes the zoom; the
// keyboard selects and moves a part; an answer being written disables it.

const openChat = fakeChatPagesForThisFile();
const width = 1600;
const height = 1000;
const capturePng = [...(await testPng(width, height))];
const capture = { png: capturePng, width, height };

/** Drags over the zoomed image from one fraction of it to another; returns the image's box. */
async function dragOver(page: Page, from: [number, number], to: [number, number]) {
  const box = (await page.locator('.zoom-image img').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]), { steps: 3 });
  await page.mouse.move(...at(to), { steps: 3 });
  await page.mouse.up();
  return box;
}

const lookClosers = (page: Page) => page.evaluate(() => window.__fake.lookClosers);

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 420, height: 700 },
]) {
  test(`at ${viewport.width}×${viewport.height}, a dragged part goes in the capture's pixels and is asked about`, async () => {
    const { page, problems, close } = await openChat({ viewport, capture });
    try {
      await newCapture(page);
      await page.getByRole('button', { name: /Enlarge the capture/ }).click();
      const zoom = page.getByRole('dialog', { name: `Capture, ${width} × ${height} pixels` });
      await zoom.getByText('Drag over the image to select a part to look at closer.').waitFor();
      const box = await dragOver(page, [0.25, 0.3], [0.75, 0.6]);
      assert.ok(box.width < width, 'the zoom shows the capture scaled down');
      await zoom.getByText(/^Selected: \d+ × \d+ px$/).waitFor();
      await zoom.getByRole('button', { name: 'Look closer' }).click();
      await page.waitForFunction(() => window.__fake.lookClosers.length === 1);
      const [request] = await lookClosers(page);
      // One CSS pixel of the scaled image is several capture pixels: the region is within one of them.
      const slack = Math.ceil(width / box.width) + 1;
      const near = (value: number, want: number) => Math.abs(value - want) <= slack;
      const rect = request!.rect;
      assert.equal(request!.capture, 0);
      assert.ok(near(rect.x, 0.25 * width) && near(rect.y, 0.3 * height), JSON.stringify(rect));
      assert.ok(near(rect.width, 0.5 * width) && near(rect.height, 0.3 * height), JSON.stringify(rect));

      // The zoom closes; the closer look shows before its question, whose answer streams.
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
      await page.waitForFunction(() => window.__fake.answering());
      const asks = await page.evaluate(() => window.__fake.asks);
      assert.equal(asks.at(-1)?.question, 'Look closely at this part of the capture and explain what it shows.');
      const later = page.getByRole('region', { name: 'Closer look' });
      await later.locator('img').waitFor();
      const order = await page.evaluate(() => {
        const closer = document.querySelector('.later-capture');
        const question = [...document.querySelectorAll('.turn')].at(0);
        return closer && question ? closer.compareDocumentPosition(question) : 0;
      });
      assert.ok(order & 4, 'the closer look comes before the question about it');
      await page.evaluate(() => window.__fake.stream(['A dialog ', 'saying the disk is full.'], 0));
      await inConversation(page, 'A dialog saying the disk is full.').waitFor();
      // Its preview is the part cut out, at its own size in the thread's label.
      await later.getByText(`${rect.width} × ${rect.height} px`).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}

test('Esc clears a selection and keeps the zoom; the keyboard selects, moves and sends a part', async () => {
  const { page, close } = await openChat({ capture, viewport: { width: 1280, height: 800 } });
  try {
    await newCapture(page);
    await page.getByRole('button', { name: /Enlarge the capture/ }).click();
    const zoom = page.getByRole('dialog', { name: /^Capture, / });
    await dragOver(page, [0.1, 0.1], [0.4, 0.4]);
    await zoom.getByRole('button', { name: 'Look closer' }).waitFor();
    await page.keyboard.press('Escape');
    await zoom.getByText('Drag over the image to select a part to look at closer.').waitFor();
    assert.equal(await zoom.isVisible(), true, 'the first Esc only cleared the selection');

    // From the keyboard: select a part, move it right, Tab to "Look closer".
    await zoom.getByRole('button', { name: 'Select a part' }).click();
    const region = zoom.getByRole('application', { name: /^Selected part, 800 × 500 pixels/ });
    await region.waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('region'));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Look closer');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fake.lookClosers.length === 1);
    const [request] = await lookClosers(page);
    assert.deepEqual(request!.rect, { x: 432, y: 250, width: 800, height: 520 });

    // A second Esc with nothing selected closes the zoom (the answer goes on).
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  } finally {
    await close();
  }
});

test('while an answer is being written, "Look closer" is disabled and says why', async () => {
  const { page, close } = await openChat({ capture, locale: 'fr-FR' });
  try {
    await newCapture(page);
    await page.getByLabel('Votre question').fill('Qu’est-ce que c’est ?');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fake.answering());
    await page.getByRole('button', { name: /Agrandir la capture/ }).click();
    const zoom = page.getByRole('dialog', { name: /^Capture, / });
    await dragOver(page, [0.2, 0.2], [0.5, 0.5]);
    const button = zoom.getByRole('button', { name: 'Regarder de plus près' });
    await button.waitFor();
    assert.equal(await button.isDisabled(), true);
    await zoom.getByText(/Une réponse est en cours d’écriture/).waitFor();
    await page.evaluate(() => window.__fake.end());
    await page.waitForFunction(() => !document.querySelector('.look-closer-busy'));
    assert.equal(await button.isEnabled(), true);
  } finally {
    await close();
  }
});

test('a conversation reopened from history shows its later captures, labelled, and each opens in the zoom', async () => {
  const { page, close } = await openChat({ capture, locale: 'fr-FR' });
  try {
    const id = await page.evaluate(() => {
      const now = Date.now();
      const id = window.__fake.addConversation('Une erreur ?', [
        { role: 'user', text: 'Une erreur ?', at: now },
        { role: 'assistant', text: 'Oui.', outcome: 'eos', at: now },
      ]);
      window.__fake.addLaterCapture(id, 'closer-look', { width: 400, height: 200 });
      return id;
    });
    await page.getByRole('button', { name: 'Historique' }).click();
    await page.locator('.history-open', { hasText: 'Une erreur ?' }).click();
    const later = page.getByRole('region', { name: 'Vue rapprochée' });
    await later.locator('img').waitFor();
    await later.getByRole('button', { name: 'Agrandir la vue rapprochée (400 × 200 pixels)' }).click();
    await page.getByRole('dialog', { name: 'Vue rapprochée, 400 × 200 pixels' }).waitFor();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));

    // The same region captured again, while the conversation is open: it shows at the end.
    await page.evaluate((id) => window.__fake.addLaterCapture(id, 'repeat'), id);
    await page.getByRole('region', { name: 'Capturée à nouveau' }).locator('img').waitFor();
    assert.deepEqual(await page.locator('.later-capture-kind').allInnerTexts(), [
      'Vue rapprochée',
      'Capturée à nouveau',
    ]);
    // Not asked about yet: the quick actions are offered for it, after it.
    const actions = page.locator('.quick-actions');
    await actions.getByRole('button', { name: 'Transcrire le texte' }).waitFor();
    const after = await page.evaluate(() => {
      const captures = document.querySelectorAll('.later-capture');
      const offered = document.querySelector('.quick-actions');
      return offered ? captures[captures.length - 1]!.compareDocumentPosition(offered) : 0;
    });
    assert.ok(after & 4, 'the quick actions follow the capture taken again');

    // Captured again into another conversation: the page shows that one, as it shows a new capture.
    await page.evaluate(() => {
      const other = window.__fake.addConversation('Une autre', []);
      window.__fake.addLaterCapture(other, 'repeat');
    });
    await page.waitForFunction(() => document.querySelectorAll('.later-capture').length === 1);
    await page.getByRole('region', { name: 'Capturée à nouveau' }).locator('img').waitFor();
  } finally {
    await close();
  }
});
