// The built overlay page in a real Chromium, served over http with a generated
// frozen frame. Without a preload the page's bridge takes the frame from the
// query and records confirm/cancel on window.sightlineOverlayEvents; every
// component is the one the app runs. One browser and one server per test
// file, a new browser context per overlay; closing one checks it had no
// console errors and no CSP violations. Shared by the overlay page's tests.
import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright';
import { selectionToCapturePixels, type Rect } from '../../../common/geometry.js';
import type { UiLanguage } from '../../../common/ui-language.js';
import type { OverlayTestEvent } from '../../../renderer/overlay/bridge.js';
import { launchChromium } from '../../support/chromium.js';
import { distDir, requireBuild } from '../../support/repo.js';
import { serveFolder, type StaticServer } from '../../support/static-server.js';

/** Every pixel of the frame has its own colour, so an off-by-one shows. */
export function framePixel(x: number, y: number): [number, number, number] {
  return [x & 255, y & 255, ((x >> 8) << 4) | (y >> 8)];
}

async function framePng(width: number, height: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(framePixel(x, y), (y * width + x) * 3);
  }
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer(),
  );
}

export const VIEW = { width: 1280, height: 800 };

export interface Display {
  id: string;
  bounds: Rect;
  scaleFactor: 2 | 1.5;
}

export const primary: Display = { id: '1', bounds: { x: 0, y: 0, ...VIEW }, scaleFactor: 2 };
export const rightOfPrimary: Display = { id: '2', bounds: { x: 1280, y: 0, ...VIEW }, scaleFactor: 1.5 };

export interface OverlayTab {
  tab: Page;
  events(): Promise<OverlayTestEvent[]>;
  readout(): Promise<string>;
  status(): Promise<string>;
  /** Selects by dragging from one DIP point to another. */
  drag(from: [number, number], to: [number, number]): Promise<void>;
  /** Confirms with Enter and returns the one confirmed selection. */
  confirmed(): Promise<Extract<OverlayTestEvent, { type: 'confirm' }>['selection']>;
  close(): Promise<void>;
}

async function openOverlay(
  browser: Browser,
  url: string,
  display: Display,
  language: UiLanguage = 'en',
): Promise<OverlayTab> {
  const context = await browser.newContext({ viewport: VIEW, deviceScaleFactor: display.scaleFactor });
  await context.addInitScript(() => {
    const record: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = record;
    document.addEventListener('securitypolicyviolation', (event) =>
      record.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const tab = await context.newPage();
  const problems: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  tab.on('pageerror', (error) => problems.push(error.message));
  const query = new URLSearchParams({
    frame: `/fixtures/frame-${display.scaleFactor}.png`,
    scale: String(display.scaleFactor),
    x: String(display.bounds.x),
    y: String(display.bounds.y),
    display: display.id,
    lang: language,
  });
  await tab.goto(`${url}/overlay/index.html?${query}`);
  const [width, height] = [VIEW.width * display.scaleFactor, VIEW.height * display.scaleFactor];
  const described =
    language === 'fr' ? `Écran de ${width} sur ${height}\u00a0pixels` : `Display of ${width} by ${height} pixels`;
  await tab.getByRole('status').getByText(described).waitFor();

  const events = () =>
    tab.evaluate(() => (window as unknown as { sightlineOverlayEvents: OverlayTestEvent[] }).sightlineOverlayEvents);
  return {
    tab,
    events,
    readout: async () => (await tab.getByTestId('overlay-readout').textContent()) ?? '',
    status: async () => (await tab.getByRole('status').textContent()) ?? '',
    async drag(from, to) {
      await tab.mouse.move(...from);
      await tab.mouse.down();
      await tab.mouse.move(...to, { steps: 4 });
      await tab.mouse.up();
    },
    async confirmed() {
      await tab.keyboard.press('Enter');
      await tab.getByRole('status').getByText('Selection captured.').waitFor();
      const all = await events();
      assert.equal(all.length, 1, `one confirm expected, got ${JSON.stringify(all)}`);
      const [event] = all;
      assert.equal(event?.type, 'confirm');
      return (event as Extract<OverlayTestEvent, { type: 'confirm' }>).selection;
    },
    async close() {
      const csp = await tab.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      await context.close();
      assert.deepEqual(csp, [], 'CSP violations');
      assert.deepEqual(problems, [], 'console errors');
    },
  };
}

/** What main will crop for a confirmed selection: it must be what the page showed. */
export function mainCrop(display: Display, dipRect: Rect) {
  const capture = { width: VIEW.width * display.scaleFactor, height: VIEW.height * display.scaleFactor };
  const result = selectionToCapturePixels(dipRect, display, capture);
  assert.ok(result.ok, 'main would refuse the selection');
  return result.rect;
}

export interface OverlayPages {
  /** The static server's origin: the page is at /overlay/index.html, the frames at /fixtures/frame-<scale>.png. */
  readonly url: string;
  readonly browser: Browser;
  /** The overlay of `display`, its frame loaded, speaking `language` (as main tells it; default English). */
  openOverlay(display: Display, language?: UiLanguage): Promise<OverlayTab>;
  close(): Promise<void>;
}

export async function startOverlayPages(): Promise<OverlayPages> {
  requireBuild();
  const [at2, at15] = await Promise.all([framePng(2560, 1600), framePng(1920, 1200)]);
  const server: StaticServer = await serveFolder(path.join(distDir, 'renderer'), {
    '/fixtures/frame-2.png': at2,
    '/fixtures/frame-1.5.png': at15,
  });
  const browser = await launchChromium();
  return {
    url: server.url,
    browser,
    openOverlay: (display, language) => openOverlay(browser, server.url, display, language),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
