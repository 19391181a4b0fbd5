import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { VIEW, startOverlayPages, type OverlayPages } from './overlay-pages.js';

// The overlay page's window (overlay-pages.ts): the app shows it only once the
// frame (or its error) is painted, and without an app behind it the page says
// it is not connected.
let pages: OverlayPages;

before(async () => {
  pages = await startOverlayPages();
});

after(async () => {
  await pages?.close();
});

test('the page asks the app to show its window only once the frame is painted, or its error is', async () => {
  const context = await pages.browser.newContext({ viewport: VIEW, deviceScaleFactor: 2 });
  try {
    const painted = (tab: Page) =>
      tab.evaluate(() => (window as unknown as { sightlineOverlayPainted?: boolean }).sightlineOverlayPainted === true);
    // The frame is held back: the page must not say it is painted while it waits for it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await context.route('**/fixtures/frame-2.png', async (route) => {
      await held;
      await route.continue();
    });
    const tab = await context.newPage();
    await tab.goto(`${pages.url}/overlay/index.html?frame=/fixtures/frame-2.png&scale=2&display=1`);
    await tab.getByRole('status').getByText('Loading the screen image…').waitFor();
    await tab.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    assert.equal(await painted(tab), false, 'not painted while the frame is loading');
    release();
    await tab.waitForFunction(
      () => (window as unknown as { sightlineOverlayPainted?: boolean }).sightlineOverlayPainted === true,
    );
    const frame = await tab.evaluate(() => {
      const image = document.querySelector<HTMLImageElement>('img.overlay-frame');
      return image !== null && image.complete && image.naturalWidth === 2560;
    });
    assert.ok(frame, 'the frame is decoded and in the page when the window is shown');

    // A frame that cannot load: the window must still appear, to say so.
    const broken = await context.newPage();
    await broken.goto(`${pages.url}/overlay/index.html?frame=/fixtures/missing.png&scale=2&display=1`);
    await broken.getByRole('status').getByText('The screen image could not be loaded.').waitFor();
    await broken.waitForFunction(
      () => (window as unknown as { sightlineOverlayPainted?: boolean }).sightlineOverlayPainted === true,
    );
  } finally {
    await context.close();
  }
});

test('without an app behind it the overlay says it is not connected', async () => {
  const context = await pages.browser.newContext({ viewport: VIEW });
  try {
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await tab.goto(`${pages.url}/overlay/index.html`);
    await tab.getByRole('status').getByText('Not connected to the Sightline app.').waitFor();
    await tab.keyboard.press('Escape');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
