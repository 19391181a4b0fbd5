// Opens the built chat page in a new browser context and keeps what went
// wrong in it (console errors, uncaught exceptions: a CSP violation is one).
// Shared by the scripted pages (fake-pages.ts) and the hosted ones
// (hosted-pages.ts).
import type { Browser, Page } from 'playwright';

export interface ChatPage {
  page: Page;
  /** Console errors and uncaught exceptions of the page. */
  problems: string[];
  close(): Promise<void>;
}

export interface OpenChatOptions {
  locale?: string;
  viewport?: { width: number; height: number };
  /** The system theme the page sees (default light). */
  colorScheme?: 'light' | 'dark';
  /** Runs before the page loads (an init script, say). */
  beforeLoad?: (page: Page) => Promise<void>;
}

export async function openChatPage(browser: Browser, url: string, options: OpenChatOptions = {}): Promise<ChatPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: options.viewport ?? { width: 520, height: 640 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await options.beforeLoad?.(page);
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}
