import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { launchChromium } from '../../support/chromium.js';
import {
  animatedGif,
  bmpFile,
  gifFrameColours,
  imageFile,
  svgFile,
  textFile,
  topLeftPixel,
} from '../../support/image-files.js';
import { startScriptedHost } from './scripted-host.js';

// The chat page in Chromium, served by the real web host: an image opened with
// "Open an image…", pasted or dropped becomes a capture; what is not a PNG,
// JPEG, WebP or GIF is refused in the page's language.
let browser: Browser;
let files: string;
before(async () => {
  browser = await launchChromium();
  files = await mkdtemp(path.join(os.tmpdir(), 'sightline-open-image-files-'));
});
after(async () => {
  await browser.close();
  await rm(files, { recursive: true, force: true });
});

/** A fresh host (an empty history) and a page on it. */
async function openPage(t: { after(fn: () => Promise<void>): void }, locale = 'en-US') {
  const scripted = await startScriptedHost();
  const context = await browser.newContext({ locale, viewport: { width: 520, height: 640 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: scripted.host.origin });
  t.after(async () => {
    await context.close();
    await scripted.close();
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(scripted.host.url);
  return { page, service: scripted.service, problems };
}

async function saved(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(files, name);
  await writeFile(file, bytes);
  return file;
}

/** Waits until the page shows a capture of this size. */
async function showsCapture(page: Page, width: number, height: number): Promise<void> {
  await page.locator('.capture-size', { hasText: `${width} × ${height} px` }).waitFor();
  await page.waitForFunction(() => {
    const image = document.querySelector<HTMLImageElement>('.capture-thumb img');
    return image !== null && image.complete && image.naturalWidth > 0;
  });
}

/** Puts an image (or text) on the clipboard, as copying a screenshot (or words) does. */
async function copyToClipboard(page: Page, content: { png: Uint8Array } | { text: string }): Promise<void> {
  if ('text' in content) return page.evaluate((text) => navigator.clipboard.writeText(text), content.text);
  await page.evaluate(
    async (bytes) => {
      const png = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
    },
    [...content.png],
  );
}

const pasteKey = process.platform === 'darwin' ? 'Meta+V' : 'Control+V';

test('PNG, JPEG, WebP and GIF files open from "Open an image…" as captures of their own size', async (t) => {
  for (const [format, name] of [
    ['png', 'shot.png'],
    ['jpeg', 'photo.jpg'],
    ['webp', 'picture.webp'],
    ['gif', 'still.gif'],
  ] as const) {
    const { page, service, problems } = await openPage(t);
    await page.getByRole('button', { name: 'Open an image…' }).waitFor();
    await page.setInputFiles('input[type=file]', await saved(name, await imageFile(format, 157, 83)));
    await showsCapture(page, 157, 83);
    const [conversation] = await service.listConversations();
    assert.equal(conversation?.capture.width, 157, format);
    assert.deepEqual(problems, [], format);
  }
});

test('an animated GIF opens on its first frame', async (t) => {
  const { page, service } = await openPage(t);
  await page.setInputFiles('input[type=file]', await saved('moving.gif', await animatedGif(60, 40)));
  await showsCapture(page, 60, 40);
  const [conversation] = await service.listConversations();
  assert.deepEqual(await topLeftPixel(await service.captureImage(conversation!.id)), [...gifFrameColours[0]]);
  // What the page draws is that frame too.
  const drawn = await page.evaluate(() => {
    const image = document.querySelector<HTMLImageElement>('.capture-thumb img')!;
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    return [...context.getImageData(1, 1, 1, 1).data.slice(0, 3)];
  });
  assert.deepEqual(drawn, [...gifFrameColours[0]]);
});

for (const [locale, expected] of [
  ['en-US', 'Sightline opens PNG, JPEG, WebP and GIF images; this file is none of them.'],
  ['fr-FR', 'Sightline ouvre les images PNG, JPEG, WebP et GIF\u00a0; ce fichier n’en est pas une.'],
] as const) {
  test(`a file that is not one of those is refused with the formats it takes (${locale})`, async (t) => {
    const { page, service } = await openPage(t, locale);
    const button = page.locator('button.open-image-button');
    await button.waitFor();
    for (const [name, bytes] of [
      ['notes.png', textFile()],
      ['scan.bmp', bmpFile(32, 32)],
      ['drawing.svg', svgFile()],
    ] as const) {
      await page.setInputFiles('input[type=file]', await saved(name, bytes));
      const notice = page.getByRole('alert');
      await notice.waitFor();
      assert.equal(await notice.locator('span').innerText(), expected, name);
      // Dismissed, so the next file's notice is its own.
      await notice.getByRole('button').click();
      await notice.waitFor({ state: 'detached' });
    }
    assert.deepEqual(await service.listConversations(), []);
    // The page still offers to open another.
    assert.equal(await button.isEnabled(), true);
  });
}

test('a pasted image opens as a capture, from anywhere and from the composer; pasted text stays text', async (t) => {
  const { page, service } = await openPage(t);
  await page.getByRole('button', { name: 'Open an image…' }).waitFor();
  await copyToClipboard(page, { png: await imageFile('png', 90, 50) });
  await page.keyboard.press(pasteKey);
  await showsCapture(page, 90, 50);

  const composer = page.getByLabel('Your question');
  await copyToClipboard(page, { text: 'What does this say?' });
  await composer.focus();
  await page.keyboard.press(pasteKey);
  await page.waitForFunction(() => document.querySelector('textarea')?.value === 'What does this say?');
  assert.equal((await service.listConversations()).length, 1, 'text did not open a capture');

  await copyToClipboard(page, { png: await imageFile('png', 70, 35) });
  await composer.focus();
  await page.keyboard.press(pasteKey);
  await showsCapture(page, 70, 35);
  assert.equal((await service.listConversations()).length, 2);
});

test('an image file dropped on the window opens as a capture', async (t) => {
  const { page } = await openPage(t);
  await page.getByRole('button', { name: 'Open an image…' }).waitFor();
  const jpeg = [...(await imageFile('jpeg', 64, 48))];
  const drag = await page.evaluateHandle((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'photo.jpg', { type: 'image/jpeg' }));
    return data;
  }, jpeg);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: drag });
  await page.getByText('Drop the image to open it').waitFor();
  await page.dispatchEvent('main', 'dragover', { dataTransfer: drag });
  await page.dispatchEvent('main', 'drop', { dataTransfer: drag });
  await showsCapture(page, 64, 48);
  await page.getByText('Drop the image to open it').waitFor({ state: 'detached' });
});
