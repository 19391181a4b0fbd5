// The built chat page in Chromium, served by the development web host over a
// fresh data folder: the real engine, history store and settings behind the
// page's bridge. One browser and one host per test file, a new browser
// context per page; the data folder goes when it closes.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright';
import { startDevWebHost, type DevWebHost, type DevWebHostOptions } from '../../../web-host/start.js';
import { launchChromium } from '../../support/chromium.js';
import { distDir, requireBuild } from '../../support/repo.js';
import { openChatPage, type ChatPage, type OpenChatOptions } from './open-chat.js';

export interface HostedChatPages {
  /** Holds settings.json and history/. */
  readonly dataDir: string;
  readonly host: DevWebHost;
  openChat(options?: Omit<OpenChatOptions, 'beforeLoad'>): Promise<ChatPage>;
  close(): Promise<void>;
}

export interface HostedChatOptions {
  /** Fills the data folder before the host starts (a settings file, saved conversations). */
  prepare?: (dataDir: string) => Promise<void>;
  /** More of the host's options (a catalog, a hub, generation limits). */
  host?: Omit<DevWebHostOptions, 'dataDir' | 'rendererDir'>;
}

/** Starts the host and a browser; `name` names the data folder. */
export async function startHostedChatPages(name: string, options: HostedChatOptions = {}): Promise<HostedChatPages> {
  requireBuild();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `sightline-${name}-`));
  let browser: Browser | undefined;
  let host: DevWebHost | undefined;
  const close = async () => {
    await browser?.close();
    await host?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await options.prepare?.(dataDir);
    browser = await launchChromium();
    host = await startDevWebHost({ ...options.host, rendererDir: path.join(distDir, 'renderer'), dataDir });
  } catch (error) {
    await close();
    throw error;
  }
  const started = { browser, host };
  return {
    dataDir,
    host: started.host,
    openChat: (openOptions = {}) => openChatPage(started.browser, started.host.web.url, openOptions),
    close,
  };
}
