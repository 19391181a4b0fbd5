// The built chat page in Chromium with the scripted app of chat-fake-app.ts
// behind its bridge: one browser and one static server per test file, a new
// browser context per page. Shared by the chat page's browser tests.
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { launchChromium } from '../support/chromium.js';
import { testPng } from '../support/images.js';
import { distDir, requireBuild } from '../support/repo.js';
import { serveFolder, type StaticServer } from '../support/static-server.js';
import { installFakeApp } from './chat-fake-app.js';

export interface ChatPage {
  page: Page;
  /** Console errors and uncaught exceptions of the page. */
  problems: string[];
  close(): Promise<void>;
}

export interface FakeChatPages {
  /** The static server's origin (the page loads from it). */
  readonly url: string;
  openChat(options?: { locale?: string }): Promise<ChatPage>;
  close(): Promise<void>;
}

export async function startFakeChatPages(): Promise<FakeChatPages> {
  requireBuild();
  const server: StaticServer = await serveFolder(path.join(distDir, 'renderer'));
  const browser: Browser = await launchChromium();
  const png = [...(await testPng(64, 32))];
  return {
    url: server.url,
    async openChat(options = {}) {
      const context = await browser.newContext({
        locale: options.locale ?? 'en-US',
        viewport: { width: 520, height: 640 },
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await installFakeApp(page, { png, width: 64, height: 32 });
      await page.goto(`${server.url}/chat/index.html`);
      await page.locator('.chat-status', { hasText: 'Fake model' }).waitFor();
      return { page, problems, close: () => context.close() };
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
