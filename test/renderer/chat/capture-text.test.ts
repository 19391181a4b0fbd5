import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import type { CaptureText } from '../../../common/capture-text.js';
import { testPng } from '../../support/images.js';
import { fakeChatPagesForThisFile } from './fake-pages.js';

// The text read from a capture, in the chat page (Chromium, the built page,
// the scripted app of fake-app.ts): "Copy text" copies it, "Show text" draws
// each line over the capture where it was read (scaled with the preview, in
// the zoom too) for the user to select, the page follows the reading as it
// ends, and the settings switch that gives the text to the model.
const openChat = fakeChatPagesForThisFile();

const width = 800;
const height = 300;
const read: CaptureText = {
  language: 'en',
  width,
  height,
  lines: [
    { text: 'Error: ENOENT', box: { x: 20, y: 30, width: 300, height: 24 }, confidence: 0.98 },
    { text: '    at open (fs.js:10)', box: { x: 60, y: 70, width: 260, height: 20 }, confidence: 0.9 },
    { text: 'Done', box: { x: 600, y: 250, width: 80, height: 22 }, confidence: 0.95 },
  ],
  text: 'Error: ENOENT\n    at open (fs.js:10)\nDone',
};

let capturePng: number[] | undefined;
async function openWithCapture(options: { locale?: string; text?: 'read' } = {}) {
  capturePng ??= [...(await testPng(width, height))];
  const chat = await openChat({
    locale: options.locale,
    capture: { png: capturePng, width, height },
    ...(options.text === 'read' && { captureText: { state: 'read', text: read } }),
  });
  const conversationId = await chat.page.evaluate(() => window.__fake.openCapture());
  await chat.page.locator('.capture-thumb img').waitFor();
  return { ...chat, conversationId };
}

/** Where each drawn line is, and where the capture's box scaled to the shown image puts it. */
async function lineBoxes(page: Page, scope: string) {
  const image = (await page.locator(`${scope} img`).boundingBox())!;
  const scale = image.width / width;
  const drawn = await page.locator(`${scope} .text-line`).evaluateAll((lines) =>
    lines.map((line) => {
      const { x, y, width, height } = line.getBoundingClientRect();
      return { text: line.textContent, x, y, width, height };
    }),
  );
  const expected = read.lines.map((line) => ({
    text: line.text,
    x: image.x + line.box.x * scale,
    y: image.y + line.box.y * scale,
    width: line.box.width * scale,
    height: line.box.height * scale,
  }));
  return { scale, drawn, expected };
}

function assertSameBoxes(boxes: Awaited<ReturnType<typeof lineBoxes>>) {
  assert.equal(boxes.drawn.length, boxes.expected.length);
  boxes.drawn.forEach((line, i) => {
    const want = boxes.expected[i]!;
    assert.equal(line.text, want.text);
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      assert.ok(Math.abs(line[key] - want[key]) <= 1, `line ${i} ${key}: ${line[key]} drawn, ${want[key]} expected`);
    }
  });
}

test('Copy text copies the text read from the capture, and says so', async () => {
  const { page, close, problems } = await openWithCapture({ text: 'read' });
  try {
    const copy = page.getByRole('button', { name: 'Copy text read from the capture' });
    await copy.click();
    assert.deepEqual(await page.evaluate(() => window.__fake.copied), [read.text]);
    await page.locator('.capture').getByRole('button', { name: 'Copied' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('Show text draws each line where it was read, follows the preview as it resizes, and the lines can be selected', async () => {
  const { page, close, problems } = await openWithCapture({ text: 'read' });
  try {
    const toggle = page.getByRole('button', { name: 'Show text read from the capture over it' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('.text-line').count(), 0);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await page.getByRole('group', { name: 'Text read from the capture' }).waitFor();

    const wide = await lineBoxes(page, '.capture');
    assert.ok(wide.scale < 1, `the preview is scaled (${wide.scale})`);
    assertSameBoxes(wide);

    // A narrower window shrinks the preview; the lines move and shrink with it.
    await page.setViewportSize({ width: 420, height: 640 });
    await page.waitForFunction(
      (before) => document.querySelector('.capture img')!.getBoundingClientRect().width < before,
      wide.scale * width,
    );
    const narrow = await lineBoxes(page, '.capture');
    await page.waitForFunction(
      (want) => Math.abs(document.querySelector('.text-line')!.getBoundingClientRect().width - want) <= 1,
      narrow.expected[0]!.width,
    );
    assertSameBoxes(await lineBoxes(page, '.capture'));
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth),
      420,
      'no horizontal scroll at 420 px',
    );

    // Dragged over from the first line's start to the last one's end, the selection is the text, line by line.
    const [first, last] = [narrow.expected[0]!, narrow.expected[2]!];
    await page.mouse.move(first.x + 1, first.y + first.height / 2);
    await page.mouse.down();
    await page.mouse.move(last.x + last.width - 1, last.y + last.height / 2, { steps: 8 });
    await page.mouse.up();
    assert.equal(await page.evaluate(() => String(getSelection())), read.text);
    assert.equal(await page.locator('dialog[open]').count(), 0, 'selecting does not open the zoom');

    // The zoomed capture shows them too: fitted whole in the narrow window, then at its own size.
    await page.getByRole('button', { name: /Enlarge the capture/ }).click();
    const zoom = page.getByRole('dialog', { name: `Capture, ${width} × ${height} pixels` });
    await zoom.locator('.text-line').first().waitFor();
    const fitted = await lineBoxes(page, '.zoom-dialog');
    assert.ok(fitted.scale < 1, `fitted to the window (${fitted.scale})`);
    assertSameBoxes(fitted);
    await zoom.getByRole('button', { name: 'Actual size' }).click();
    await page.waitForFunction((want) => document.querySelector('.zoom-dialog img')!.clientWidth === want, width);
    const zoomed = await lineBoxes(page, '.zoom-dialog');
    assert.equal(zoomed.scale, 1);
    assertSameBoxes(zoomed);
    await zoom.getByRole('button', { name: 'Show text read from the capture over it' }).click();
    await zoom.locator('.text-line').first().waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('while the text is read the page says so quietly; the reading ending shows the tools, a failure a muted note', async () => {
  const { page, close, conversationId } = await openWithCapture();
  try {
    const capture = page.locator('.capture');
    await capture.getByText('Reading text…').waitFor();
    assert.equal(await capture.getByRole('button', { name: /Copy text/ }).count(), 0);

    await page.evaluate(([id, text]) => window.__fake.setCaptureText(id, { state: 'read', text }), [
      conversationId,
      read,
    ] as const);
    await capture.getByRole('button', { name: 'Copy text read from the capture' }).waitFor();
    assert.equal(await capture.getByText('Reading text…').count(), 0);

    await page.evaluate(
      (id) => window.__fake.setCaptureText(id, { state: 'failed', reason: 'The text layer is not installed.' }),
      conversationId,
    );
    const note = capture.getByText('Text not read');
    await note.waitFor();
    assert.equal(await note.getAttribute('title'), 'The text could not be read: The text layer is not installed.');
    assert.equal(await capture.getByRole('button', { name: /Copy text/ }).count(), 0);

    // Another capture's reading does not touch this one.
    const other = await page.evaluate(() => window.__fake.addConversation('Earlier', []));
    await page.evaluate(([id, text]) => window.__fake.setCaptureText(id, { state: 'read', text }), [
      other,
      read,
    ] as const);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    assert.equal(await capture.getByRole('button', { name: /Copy text/ }).count(), 0);
  } finally {
    await close();
  }
});

test('the settings switch gives the model the capture text, or not, through settings:update', async () => {
  const { page, close } = await openWithCapture();
  try {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.locator('[data-section="privacy"]').click();
    const toggle = page.getByRole('switch', { name: 'Give the model the text read from the capture' });
    assert.equal(await toggle.isChecked(), true);
    await toggle.click();
    await page.waitForFunction(() => window.__fake.settingsUpdates.length === 1);
    assert.deepEqual(await page.evaluate(() => window.__fake.settingsUpdates), [{ captureTextToModel: false }]);
    assert.equal(await toggle.isChecked(), false);
    await toggle.click();
    await page.waitForFunction(() => window.__fake.settingsUpdates.length === 2);
    assert.deepEqual(await page.evaluate(() => window.__fake.settingsUpdates[1]), { captureTextToModel: true });
  } finally {
    await close();
  }
});

test('in French: the text tools, the layer and the setting', async () => {
  const { page, close, conversationId } = await openWithCapture({ locale: 'fr-FR' });
  try {
    const capture = page.locator('.capture');
    await capture.getByText('Lecture du texte…').waitFor();
    await page.evaluate(([id, text]) => window.__fake.setCaptureText(id, { state: 'read', text }), [
      conversationId,
      read,
    ] as const);
    await capture.getByRole('button', { name: 'Copier le texte lu dans la capture' }).waitFor();
    await capture.getByRole('button', { name: 'Afficher le texte lu dans la capture par-dessus' }).click();
    const layer = capture.getByRole('group', { name: 'Texte lu dans la capture' });
    await layer.waitFor();
    assert.equal(await layer.getAttribute('lang'), 'en', 'the lines keep the language they were read in');
    assert.deepEqual(await capture.locator('button').allInnerTexts(), [
      '',
      'Copier le texte',
      'Afficher le texte',
      'Masquer les secrets…',
    ]);

    await page.getByRole('button', { name: 'Réglages' }).click();
    await page.locator('[data-section="privacy"]').click();
    await page.getByRole('switch', { name: 'Donner au modèle le texte lu dans la capture' }).waitFor();
    await page.getByText('Le texte est lu sur cet ordinateur et donné avec l’image').waitFor();
  } finally {
    await close();
  }
});
