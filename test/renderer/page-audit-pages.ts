// The pages the page audit (page-audit.test.ts) opens: the built chat page with
// the scripted app of chat/fake-app.ts in the state each audit starts from (a
// first run, a model ready, notices about unreadable files, a model server),
// and the built overlay over a generated frame. One browser and one static
// server for the whole audit; a new browser context per page, with the
// window size, theme and language of the combination audited.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import type { ChatStatus, StorageNotice } from '../../common/chat-contract.js';
import { defaultSettings, type Settings } from '../../common/settings.js';
import type { ModelItem } from '../../common/settings-contract.js';
import { launchChromium } from '../support/chromium.js';
import { testPng } from '../support/images.js';
import { distDir, requireBuild } from '../support/repo.js';
import { serveFolder, type StaticServer } from '../support/static-server.js';
import { installFakeApp } from './chat/fake-app.js';
import { captureHeight, captureWidth, readCaptureText } from './page-audit-content.js';

/** One window size, theme and language the audit sees every state in. */
export interface Combination {
  viewport: { width: number; height: number };
  colorScheme: 'light' | 'dark';
  locale: 'en-US' | 'fr-FR';
}

export const sizes = [
  { width: 1280, height: 800 },
  { width: 420, height: 700 },
] as const;

export const combinations: Combination[] = sizes.flatMap((viewport) =>
  (['light', 'dark'] as const).flatMap((colorScheme) =>
    (['en-US', 'fr-FR'] as const).map((locale) => ({ viewport, colorScheme, locale })),
  ),
);

export const nameOf = (c: Combination) => `${c.viewport.width}x${c.viewport.height} ${c.colorScheme} ${c.locale}`;

export interface AuditTab {
  page: Page;
  /** Console errors and uncaught exceptions. */
  problems: string[];
  close(): Promise<void>;
}

/** How a chat page starts: what the scripted app holds. */
export interface ChatStart {
  status?: ChatStatus;
  settings?: Settings;
  storageNotices?: StorageNotice[];
  /** The model catalog as Settings and the first run list it. */
  models: ModelItem[];
}

export interface AuditPages {
  openChat(combination: Combination, start: ChatStart): Promise<AuditTab>;
  openOverlay(combination: Combination): Promise<AuditTab>;
  close(): Promise<void>;
}

const frameUrl = (size: { width: number; height: number }) => `/fixtures/frame-${size.width}x${size.height}.png`;

export async function startAuditPages(): Promise<AuditPages> {
  requireBuild();
  const frames: Record<string, Uint8Array> = {};
  for (const size of sizes) frames[frameUrl(size)] = await testPng(size.width, size.height, 3);
  // A copy of the built pages: another build while the audit runs would swap their files under it.
  const pagesCopy = await mkdtemp(path.join(os.tmpdir(), 'sightline-audit-'));
  await cp(path.join(distDir, 'renderer'), pagesCopy, { recursive: true });
  const server: StaticServer = await serveFolder(pagesCopy, frames);
  const browser: Browser = await launchChromium();
  const png = [...(await testPng(captureWidth, captureHeight, 1))];

  const open = async (combination: Combination, prepare: (page: Page) => Promise<void>, url: string) => {
    const context = await browser.newContext(combination);
    // A state is on screen in well under a second; waiting longer only delays the finding.
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await prepare(page);
    await page.goto(`${server.url}${url}`);
    return { page, problems, close: () => context.close() };
  };

  return {
    openChat: (combination, start) =>
      open(
        combination,
        async (page) => {
          await installFakeApp(page, {
            png,
            width: captureWidth,
            height: captureHeight,
            captureText: { state: 'read', text: readCaptureText },
            settings: start.settings ?? defaultSettings('CommandOrControl+Shift+2'),
            ...(start.status && { status: start.status }),
            ...(start.storageNotices && { storageNotices: start.storageNotices }),
          });
          // The scripted app lists no models; the audit's catalog stands in for the host's.
          await page.addInitScript({
            content: `window.sightline.models = () => Promise.resolve({ models: ${JSON.stringify(start.models)} });`,
          });
        },
        '/chat/index.html',
      ),
    openOverlay: (combination) =>
      open(
        combination,
        () => Promise.resolve(),
        `/overlay/index.html?${new URLSearchParams({ frame: frameUrl(combination.viewport), scale: '1', x: '0', y: '0', display: '1' })}`,
      ),
    async close() {
      await browser.close();
      await server.close();
      await rm(pagesCopy, { recursive: true, force: true });
    },
  };
}
