// The built chat page in Chromium with the scripted app of fake-app.ts
// behind its bridge: one browser and one static server per test file, a new
// browser context per page. Shared by the chat page's browser tests.
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright';
import { launchChromium } from '../../support/chromium.js';
import { testPng } from '../../support/images.js';
import { distDir, requireBuild } from '../../support/repo.js';
import { serveFolder, type StaticServer } from '../../support/static-server.js';
import { installFakeApp, type FakeAppOptions } from './fake-app.js';
import { openChatPage, type ChatPage, type OpenChatOptions } from './open-chat.js';

/** How a scripted page opens: the browser's language, window and theme, and what the app holds. */
export interface FakeChatOptions extends Pick<OpenChatOptions, 'locale' | 'viewport' | 'colorScheme'> {
  /** The capture every conversation shows (default a 64 × 32 test image). */
  capture?: Pick<FakeAppOptions, 'png' | 'width' | 'height'>;
  /** Where each new capture's text stands when it opens (default being read). */
  captureText?: FakeAppOptions['captureText'];
  /** The machine the app says it runs on, and its model catalog (fake-app.ts). */
  machine?: FakeAppOptions['machine'];
  models?: FakeAppOptions['models'];
  /** The app's settings (default its defaults: the local model answers). */
  settings?: FakeAppOptions['settings'];
}

export interface FakeChatPages {
  /** The static server's origin (the page loads from it). */
  readonly url: string;
  openChat(options?: FakeChatOptions): Promise<ChatPage>;
  close(): Promise<void>;
}

/**
 * The scripted chat pages for one test file: started before its first test,
 * closed after its last. Returns how to open a page.
 */
export function fakeChatPagesForThisFile(): (options?: FakeChatOptions) => Promise<ChatPage> {
  let pages: FakeChatPages | undefined;
  before(async () => {
    pages = await startFakeChatPages();
  });
  after(async () => {
    await pages?.close();
  });
  return (options) => {
    if (!pages) throw new Error('The chat pages open once the tests start.');
    return pages.openChat(options);
  };
}

export async function startFakeChatPages(): Promise<FakeChatPages> {
  requireBuild();
  const server: StaticServer = await serveFolder(path.join(distDir, 'renderer'));
  const browser: Browser = await launchChromium();
  const png = [...(await testPng(64, 32))];
  return {
    url: server.url,
    async openChat({ capture, captureText, machine, models, settings, ...browsing } = {}) {
      const chat = await openChatPage(browser, `${server.url}/chat/index.html`, {
        ...browsing,
        beforeLoad: (page) =>
          installFakeApp(page, {
            ...(capture ?? { png, width: 64, height: 32 }),
            ...(captureText && { captureText }),
            ...(machine && { machine }),
            ...(models && { models }),
            ...(settings && { settings }),
          }),
      });
      // The status names the model that answers: the fake engine's, or the model server's.
      const model = settings && settings.backend.kind !== 'local' ? settings.backend.model : 'Fake model';
      await chat.page.locator('.chat-status', { hasText: model }).waitFor();
      return chat;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Opens a new capture, as the hotkey does, and waits until the page shows it. */
export async function newCapture(page: Page): Promise<void> {
  await page.evaluate(() => window.__fake.openCapture());
  await page.locator('.capture-thumb img').waitFor();
}

/** Asks the question in the field (labelled in the page's language), and waits for the answer to start. */
export async function askQuestion(page: Page, question = 'What is this?', label = 'Your question'): Promise<void> {
  await page.getByLabel(label).fill(question);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__fake.answering());
}

/** Text in the conversation (the announcer repeats some of it). */
export const inConversation = (page: Page, text: string) =>
  page.locator('.conversation').getByText(text, { exact: true });

/** Waits until the answer being written has ended. */
export const answered = (page: Page) => page.waitForFunction(() => !window.__fake.answering());
