import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { testPng } from '../../support/images.js';
import { answered, askQuestion, fakeChatPagesForThisFile } from './fake-pages.js';

// The conversation as a user reads it, in Chromium with the scripted app of
// fake-app.ts: answers in a centred column at a reading width on a wide
// window, the quick actions and the composer in the same column; the capture's
// preview large enough to recognise, and its zoom showing the whole image in
// a narrow panel, at its size on screen in a wide window.
const openChat = fakeChatPagesForThisFile();

const prose =
  'The build fails because Node cannot resolve the module that the server imports on line four of its entry file. ' +
  'The path is relative to the importing file, so Node looks for the configuration next to the server, and that file ' +
  'does not exist there: most likely it lives one folder up, beside the other settings of the application. Change the ' +
  'import to point one folder up, or move the file next to the server, then run the build again to check that the ' +
  'error is gone and that nothing else depends on the old location of the file.';

/** Characters on each line the paragraph is laid out in, found from where each character is drawn. */
function charactersPerLine(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluate((paragraph) => {
    const counts = new Map<number, number>();
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box) continue;
        const top = Math.round(box.top);
        counts.set(top, (counts.get(top) ?? 0) + 1);
      }
    }
    return [...counts.entries()].sort(([a], [b]) => a - b).map(([, count]) => count);
  });
}

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

test('at 1280 × 800 an answer reads at 60 to 90 characters a line, in a centred column the quick actions and the composer share', async () => {
  const { page, problems, close } = await openChat({ viewport: { width: 1280, height: 800 } });
  try {
    await page.evaluate(() => window.__fake.openCapture());
    await page.locator('.quick-actions').waitFor();
    const actions = await box(page, '.quick-actions');
    const field = await box(page, '.composer-row');
    assert.ok(Math.abs(actions.x - field.x) <= 1, `quick actions at ${actions.x}, composer at ${field.x}`);
    assert.ok(Math.abs(field.x + field.width / 2 - 640) <= 8, `the composer is centred (${field.x}, ${field.width})`);

    await askQuestion(page);
    await page.evaluate((text) => {
      window.__fake.send(text);
      window.__fake.end();
    }, prose);
    await answered(page);
    const paragraph = '.turn-answer:not(.turn-live) .markdown p';
    const lines = await charactersPerLine(page, paragraph);
    assert.ok(lines.length >= 3, `laid out in ${lines.length} lines`);
    const full = lines.slice(0, -1);
    for (const count of full) assert.ok(count >= 60 && count <= 90, `lines of ${full.join(', ')} characters`);
    const text = await box(page, paragraph);
    assert.ok(Math.abs(text.x - field.x) <= 1, `the answer and the composer share the column (${text.x}, ${field.x})`);
    assert.ok(Math.abs(text.x + text.width / 2 - 640) <= 8, 'the column is centred');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

const width = 900;
const height = 520;
let png: number[] | undefined;
async function openWithCapture(viewport: { width: number; height: number }, size = { width, height }) {
  png =
    size.width === width ? (png ?? [...(await testPng(width, height))]) : [...(await testPng(size.width, size.height))];
  const chat = await openChat({ viewport, capture: { png, ...size } });
  await chat.page.evaluate(() => window.__fake.openCapture());
  await chat.page.locator('.capture-thumb img').waitFor();
  await chat.page.waitForFunction(() => document.querySelector<HTMLImageElement>('.capture-thumb img')?.complete);
  return chat;
}

const aspect = (rect: { width: number; height: number }) => rect.width / rect.height;

test('at 420 × 700 the preview fills the column with the capture’s shape, and the zoom shows the whole image', async () => {
  const { page, problems, close } = await openWithCapture({ width: 420, height: 700 });
  try {
    const column = await box(page, '.composer-row');
    const preview = await box(page, '.capture-thumb img');
    assert.ok(
      preview.width >= column.width - 3,
      `the preview is ${preview.width}px wide in a ${column.width}px column`,
    );
    assert.ok(
      Math.abs(aspect(preview) - width / height) < 0.02,
      `its shape kept (${preview.width} × ${preview.height})`,
    );
    assert.ok(preview.y + preview.height <= 700, 'all of it in the window');

    await page.getByRole('button', { name: /Enlarge the capture/ }).click();
    const image = page.getByRole('dialog', { name: `Capture, ${width} × ${height} pixels` }).getByRole('img');
    await image.waitFor();
    const shown = (await image.boundingBox())!;
    assert.ok(shown.x >= 0 && shown.y >= 0, `from ${shown.x}, ${shown.y}`);
    assert.ok(
      shown.x + shown.width <= 420 && shown.y + shown.height <= 700,
      `to ${shown.x + shown.width}, ${shown.y + shown.height}`,
    );
    assert.ok(Math.abs(aspect(shown) - width / height) < 0.02, `its shape kept (${shown.width} × ${shown.height})`);
    assert.ok(shown.width >= 360, `as large as the panel allows (${shown.width}px)`);
    // Nothing of it is cut: the viewer does not scroll.
    assert.equal(
      await page
        .locator('.zoom-body')
        .evaluate((body) => body.scrollWidth <= body.clientWidth && body.scrollHeight <= body.clientHeight),
      true,
    );
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('at 1280 × 800 the zoom shows the capture at its size on screen; a larger one fitted, and at actual size on demand', async () => {
  const { page, close } = await openWithCapture({ width: 1280, height: 800 });
  try {
    await page.getByRole('button', { name: /Enlarge the capture/ }).click();
    const zoom = page.getByRole('dialog');
    const shown = (await zoom.getByRole('img').boundingBox())!;
    assert.deepEqual([Math.round(shown.width), Math.round(shown.height)], [width, height]);
    assert.equal(await zoom.getByRole('button', { name: 'Actual size' }).count(), 0, 'nothing to enlarge');
  } finally {
    await close();
  }
  const large = await openWithCapture({ width: 1280, height: 800 }, { width: 2400, height: 1600 });
  try {
    const { page } = large;
    await page.getByRole('button', { name: /Enlarge the capture/ }).click();
    const zoom = page.getByRole('dialog');
    const fitted = (await zoom.getByRole('img').boundingBox())!;
    assert.ok(fitted.height <= 800 && fitted.width <= 1280, `fitted: ${fitted.width} × ${fitted.height}`);
    assert.ok(Math.abs(aspect(fitted) - 1.5) < 0.02);
    const actual = zoom.getByRole('button', { name: 'Actual size' });
    await actual.click();
    assert.equal(await actual.getAttribute('aria-pressed'), 'true');
    await page.waitForFunction(() => document.querySelector('.zoom-dialog img')?.clientWidth === 2400);
    assert.equal(
      await page.locator('.zoom-body').evaluate((body) => body.scrollWidth > body.clientWidth),
      true,
      'it scrolls',
    );
  } finally {
    await large.close();
  }
});
