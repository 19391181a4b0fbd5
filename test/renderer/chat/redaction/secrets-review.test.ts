import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import type { SecretFinding } from '../../../../common/redaction.js';
import { defaultSettings, type Settings } from '../../../../common/settings.js';
import { testPng } from '../../../support/images.js';
import { fakeChatPagesForThisFile } from '../fake-pages.js';

// Hiding secrets before a capture goes to a model server, in the chat page
// (Chromium, the built page, the scripted app of fake-app.ts): the first
// question waits for the review, whose boxes toggle by click and keyboard and
// to which a drag adds one; Send has the app fill them and asks the question
// that waited; a follow-up does not ask again; Cancel keeps the question; the
// capture then says what was hidden and shows what was sent. With the local
// model the review opens on demand, and the setting lives in Privacy.
const openChat = fakeChatPagesForThisFile();

const width = 800;
const height = 300;
const findings: SecretFinding[] = [
  { kind: 'api-key', box: { x: 40, y: 30, width: 300, height: 24 } },
  { kind: 'email', box: { x: 40, y: 90, width: 220, height: 24 } },
];
const toServer: Settings = {
  ...defaultSettings('CommandOrControl+Shift+2'),
  backend: { kind: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'llava:7b', timeoutMs: 120_000 },
};

let capturePng: number[] | undefined;
async function openWithCapture(
  options: { settings?: Settings; locale?: string; viewport?: { width: number; height: number } } = {},
) {
  capturePng ??= [...(await testPng(width, height))];
  const chat = await openChat({
    capture: { png: capturePng, width, height },
    settings: options.settings ?? toServer,
    ...(options.locale && { locale: options.locale }),
    ...(options.viewport && { viewport: options.viewport }),
  });
  await chat.page.evaluate((found) => {
    window.__fake.secretsFound = { findings: found, textRead: true };
  }, findings);
  const conversationId = await chat.page.evaluate(() => window.__fake.openCapture());
  await chat.page.locator('.capture-thumb img').waitFor();
  return { ...chat, conversationId };
}

const review = (page: Page) => page.getByRole('dialog', { name: 'Hide secrets before sending' });

async function typeQuestion(page: Page, question: string, label = 'Your question') {
  await page.getByLabel(label).fill(question);
  await page.keyboard.press('Enter');
}

test('to a model server, the first question waits for the review; Send fills the boxes kept and drawn, then asks it', async () => {
  const { page, close, conversationId, problems } = await openWithCapture();
  try {
    await typeQuestion(page, 'What does this error mean?');
    const dialog = review(page);
    await dialog.waitFor();
    const apiKey = dialog.getByRole('button', { name: 'API key: hidden. Press to show it.' });
    await apiKey.waitFor();
    const email = dialog.getByRole('button', { name: 'E-mail address: hidden. Press to show it.' });
    await dialog.getByText('2 areas hidden').waitFor();
    assert.equal(await page.evaluate(() => window.__fake.asks.length), 0, 'the question waits');
    // No way to send without hiding but turning boxes off one by one.
    assert.deepEqual(await dialog.locator('.dialog-buttons button').allTextContents(), [
      'Add an area',
      'Cancel',
      'Send',
    ]);

    // A click shows an area again; Space on the focused box hides it again; a click shows it.
    await email.click();
    const emailShown = dialog.getByRole('button', { name: 'E-mail address: shown. Press to hide it.' });
    assert.equal(await emailShown.getAttribute('aria-pressed'), 'false');
    await dialog.getByText('1 area hidden').waitFor();
    await emailShown.focus();
    await page.keyboard.press('Space');
    await dialog.getByText('2 areas hidden').waitFor();
    await email.click();
    await dialog.getByText('1 area hidden').waitFor();

    // A drag over the capture draws one more box (in the capture's pixels).
    const image = (await dialog.locator('.review-image').boundingBox())!;
    const scale = image.width / width;
    await page.mouse.move(image.x + 400 * scale, image.y + 150 * scale);
    await page.mouse.down();
    await page.mouse.move(image.x + 500 * scale, image.y + 200 * scale, { steps: 4 });
    await page.mouse.up();
    await dialog.getByRole('button', { name: /^Area you drew/ }).waitFor();
    await dialog.getByText('2 areas hidden').waitFor();

    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.waitForFunction(() => window.__fake.asks.length === 1);
    const hides = await page.evaluate(() => window.__fake.hides);
    assert.equal(hides.length, 1);
    assert.equal(hides[0]!.conversationId, conversationId);
    assert.equal(hides[0]!.capture, 0);
    assert.deepEqual(hides[0]!.boxes[0], findings[0]!.box);
    const drawn = hides[0]!.boxes[1]!;
    for (const [key, want] of [
      ['x', 400],
      ['y', 150],
      ['width', 100],
      ['height', 50],
    ] as const) {
      assert.ok(Math.abs(drawn[key] - want) <= 3, `drawn ${key}: ${drawn[key]}`);
    }
    assert.equal(hides[0]!.boxes.length, 2);
    assert.equal(await page.evaluate(() => window.__fake.asks[0]!.question), 'What does this error mean?');
    await review(page).waitFor({ state: 'hidden' });
    await page.locator('.capture .redaction-line', { hasText: '2 areas hidden before sending' }).waitFor();

    // A follow-up goes with the reviewed image, without asking again.
    await page.evaluate(() => window.__fake.end());
    await page.waitForFunction(() => !window.__fake.answering());
    await typeQuestion(page, 'And how do I fix it?');
    await page.waitForFunction(() => window.__fake.asks.length === 2);
    assert.equal(await page.evaluate(() => window.__fake.hides.length), 1);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a quick action waits for the review too; Cancel sends nothing and a typed question stays in the field', async () => {
  const { page, close } = await openWithCapture();
  try {
    await page.getByRole('button', { name: 'Explain this error' }).click();
    await review(page).waitFor();
    await review(page).getByRole('button', { name: 'Send' }).click();
    await page.waitForFunction(() => window.__fake.asks.length === 1);
    assert.equal(await page.evaluate(() => window.__fake.asks[0]!.action), 'explain-error');
    await page.evaluate(() => window.__fake.end());

    // A new capture asks again; Esc closes the review and the question is still there to send.
    await page.evaluate(() => window.__fake.openCapture());
    await page.locator('.capture .redaction-line').waitFor({ state: 'detached' });
    await typeQuestion(page, 'Is this safe to share?');
    await review(page).waitFor();
    await page.keyboard.press('Escape');
    await review(page).waitFor({ state: 'hidden' });
    assert.equal(await page.getByLabel('Your question').inputValue(), 'Is this safe to share?');
    assert.equal(await page.evaluate(() => window.__fake.asks.length), 1);
  } finally {
    await close();
  }
});

test('the review says where the image goes: to a server on this computer, or off it, in French too', async () => {
  const offMachine: Settings = {
    ...toServer,
    backend: { kind: 'openai', baseUrl: 'https://models.example.com/v1', model: 'gpt-vision', timeoutMs: 120_000 },
  };
  const cases = [
    [toServer, 'en-US', 'Hide secrets before sending', 'image sent to the Ollama server on this computer,'],
    [offMachine, 'en-US', 'Hide secrets before sending', 'image sent to the model server, and removed'],
    [toServer, 'fr-FR', 'Masquer les secrets avant l’envoi', 'envoyée au serveur Ollama sur cet ordinateur,'],
  ] as const;
  for (const [settings, locale, title, words] of cases) {
    const { page, close, problems } = await openWithCapture({ settings, locale });
    try {
      if (locale === 'fr-FR') await typeQuestion(page, 'Que veut dire cette erreur\u00a0?', 'Votre question');
      else await typeQuestion(page, 'What does this error mean?');
      const dialog = page.getByRole('dialog', { name: title });
      await dialog.waitFor();
      const lede = await dialog.locator('.review-lede').innerText();
      assert.ok(lede.includes(words), `${locale}, ${settings.backend.kind}: ${lede}`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('“View what was sent” shows the image the server got, its hidden areas black', async () => {
  const { page, close } = await openWithCapture();
  try {
    await typeQuestion(page, 'What is this?');
    await review(page).getByRole('button', { name: 'Send' }).click();
    await page.waitForFunction(() => window.__fake.asks.length === 1);
    await page.getByRole('button', { name: 'View what was sent' }).click();
    const viewer = page.getByRole('dialog', { name: /^What was sent, 800 × 300 pixels/ });
    await viewer.waitFor();
    const image = viewer.locator('img');
    await image.evaluate((img: HTMLImageElement) => img.decode());
    // The pixel in the middle of each hidden box, read from the image the viewer shows.
    const pixels = await image.evaluate(
      (img: HTMLImageElement, boxes) => {
        const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
        const context = canvas.getContext('2d')!;
        context.drawImage(img, 0, 0);
        return boxes.map((box) => [...context.getImageData(box.x + box.width / 2, box.y + box.height / 2, 1, 1).data]);
      },
      findings.map((finding) => finding.box),
    );
    assert.deepEqual(pixels, [
      [0, 0, 0, 255],
      [0, 0, 0, 255],
    ]);
    await viewer.getByRole('button', { name: 'Close' }).click();
    await viewer.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Copy image' }).click();
    await page.waitForFunction(() => window.__fake.imageCopies.length === 1);
    assert.deepEqual(await page.evaluate(() => window.__fake.imageCopies[0]!.hidden), true);
  } finally {
    await close();
  }
});

test('with the local model nothing waits; “Hide secrets…” opens the same review on demand', async () => {
  const { page, close } = await openWithCapture({ settings: defaultSettings('CommandOrControl+Shift+2') });
  try {
    await page.getByRole('button', { name: 'Hide secrets…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hide secrets in this capture' });
    await dialog.getByText('2 areas hidden').waitFor();
    await dialog.getByRole('button', { name: 'Hide these areas' }).click();
    await page.locator('.capture .redaction-line', { hasText: '2 areas hidden before sending' }).waitFor();
    assert.equal(await page.evaluate(() => window.__fake.hides.length), 1);
    await typeQuestion(page, 'What is this?');
    await page.waitForFunction(() => window.__fake.asks.length === 1);
  } finally {
    await close();
  }
});

test('in a narrow window “Hide secrets…” is in the zoom’s header', async () => {
  const { page, close } = await openWithCapture({
    settings: defaultSettings('CommandOrControl+Shift+2'),
    viewport: { width: 420, height: 700 },
  });
  try {
    assert.equal(await page.locator('.capture').getByRole('button', { name: 'Hide secrets…' }).isVisible(), false);
    await page.locator('.capture-thumb').click();
    const zoom = page.locator('dialog.zoom-dialog[open]');
    await zoom.getByRole('button', { name: 'Hide secrets…' }).click();
    await page.getByRole('dialog', { name: 'Hide secrets in this capture' }).getByText('2 areas hidden').waitFor();
  } finally {
    await close();
  }
});

test('Settings → Privacy turns hiding off; then a question to a model server does not wait', async () => {
  const { page, close } = await openWithCapture();
  try {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.locator('[data-section="privacy"]').click();
    const toggle = page.getByRole('switch', { name: 'Hide secrets before sending to a model server' });
    assert.equal(await toggle.isChecked(), true);
    await toggle.click();
    await page.waitForFunction(() => window.__fake.settingsUpdates.length === 1);
    assert.deepEqual(await page.evaluate(() => window.__fake.settingsUpdates), [{ hideSecretsFromServers: false }]);
    await page.getByRole('button', { name: 'Back' }).click();
    await typeQuestion(page, 'What is this?');
    await page.waitForFunction(() => window.__fake.asks.length === 1);
    assert.equal(await review(page).isVisible(), false);
  } finally {
    await close();
  }
});

test('from the keyboard alone: "Add an area" puts a box in the middle, the arrow keys move and resize it, Send hides it', async () => {
  const { page, close, problems } = await openWithCapture();
  try {
    await typeQuestion(page, 'What is this?');
    const dialog = review(page);
    await dialog.getByText('2 areas hidden').waitFor();
    await dialog.getByRole('button', { name: 'Add an area' }).focus();
    await page.keyboard.press('Enter');
    // The new box has the focus: move it right twice, then make it taller once.
    await dialog.getByText('3 areas hidden').waitFor();
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-drawn') === true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await dialog.getByRole('button', { name: 'Send' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fake.asks.length === 1);
    const hides = await page.evaluate(() => window.__fake.hides);
    const drawn = hides[0]!.boxes[2]!;
    // Added as 30–70% across and 45–55% down, moved 2 × 2% right, its bottom 2% lower (each edge
    // to whole pixels outwards, so within a pixel).
    const near = (value: number, want: number) => assert.ok(Math.abs(value - want) <= 1, `${value} is not ${want}`);
    near(drawn.x, 0.34 * width);
    near(drawn.y, 0.45 * height);
    near(drawn.x + drawn.width, 0.74 * width);
    near(drawn.y + drawn.height, 0.57 * height);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
