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
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.overlay-frame');
      // Drawn: the fixture's pixels, not a blank canvas.
      const pixel = canvas?.getContext('2d')?.getImageData(10, 10, 1, 1).data;
      return (
        canvas !== null &&
        canvas.width === 2560 &&
        pixel !== undefined &&
        pixel[3] === 255 &&
        pixel.some((v, i) => i < 3 && v !== 0)
      );
    });
    assert.ok(frame, 'the frame is drawn in the page when the window is shown');

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

test('a raw RGBA frame from the app is drawn pixel for pixel, and the loupe reads its colours', async () => {
  const context = await pages.browser.newContext({ viewport: VIEW, deviceScaleFactor: 2 });
  try {
    // The preload's API as the X11 capture's frame reaches it: raw RGBA rows, each pixel telling where it is.
    // (As source text: the test runner's transform would name functions with a helper the page lacks.)
    await context.addInitScript({
      content: `
        const width = 2560;
        const height = 1600;
        const bytes = new Uint8Array(width * height * 4);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const i = (y * width + x) * 4;
            bytes[i] = x & 255;
            bytes[i + 1] = y & 255;
            bytes[i + 2] = ((x >> 8) << 4) | (y >> 8);
            bytes[i + 3] = 255;
          }
        }
        window.sightlineTest = { painted: false };
        window.sightline = {
          appInfo: {},
          frame: async () => ({
            displayId: '1',
            bounds: { x: 0, y: 0, width: 1280, height: 800 },
            scaleFactor: 2,
            captureSize: { width, height },
            language: 'en',
            image: { format: 'rgba', bytes },
          }),
          confirm: async () => ({ ok: true }),
          cancel: () => undefined,
          painted: () => { window.sightlineTest.painted = true; },
        };
      `,
    });
    const tab = await context.newPage();
    await tab.goto(`${pages.url}/overlay/index.html`);
    await tab.waitForFunction(
      () => (window as unknown as { sightlineTest: { painted: boolean } }).sightlineTest.painted,
    );
    const drawn = await tab.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.overlay-frame');
      const context = canvas?.getContext('2d');
      if (!canvas || !context) return undefined;
      return [
        [0, 0],
        [300, 7],
        [2559, 1599],
        [1234, 987],
      ].map(([x = 0, y = 0]) => [...context.getImageData(x, y, 1, 1).data]);
    });
    assert.deepEqual(drawn, [
      [0, 0, 0, 255],
      [300 & 255, 7, 16, 255],
      [2559 & 255, 1599 & 255, (9 << 4) | 6, 255],
      [1234 & 255, 987 & 255, (4 << 4) | 3, 255],
    ]);
    // The loupe names the pixel under the pointer and its colour: (600, 400) in capture pixels.
    await tab.mouse.move(300, 200);
    await tab.locator('.overlay-magnifier-label').getByText('600, 400 · #589021').waitFor();
  } finally {
    await context.close();
  }
});
