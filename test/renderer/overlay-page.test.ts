import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright';
import { selectionToCapturePixels, type Rect } from '../../common/geometry.js';
import type { OverlayTestEvent } from '../../renderer/overlay/bridge.js';
import { launchChromium } from '../support/chromium.js';
import { distDir, requireBuild } from '../support/repo.js';
import { serveFolder, type StaticServer } from '../support/static-server.js';

// The built overlay page in a real Chromium, served over http with a generated
// frozen frame. Without a preload the page's bridge takes the frame from the
// query and records confirm/cancel on window.sightlineOverlayEvents; every
// component is the one the app runs.

/** Every pixel of the frame has its own colour, so an off-by-one shows. */
function framePixel(x: number, y: number): [number, number, number] {
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

const VIEW = { width: 1280, height: 800 };

let browser: Browser;
let server: StaticServer;

before(async () => {
  requireBuild();
  const [at2, at15] = await Promise.all([framePng(2560, 1600), framePng(1920, 1200)]);
  server = await serveFolder(path.join(distDir, 'renderer'), {
    '/fixtures/frame-2.png': at2,
    '/fixtures/frame-1.5.png': at15,
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Display {
  id: string;
  bounds: Rect;
  scaleFactor: 2 | 1.5;
}

const primary: Display = { id: '1', bounds: { x: 0, y: 0, ...VIEW }, scaleFactor: 2 };
const rightOfPrimary: Display = { id: '2', bounds: { x: 1280, y: 0, ...VIEW }, scaleFactor: 1.5 };

interface OverlayTab {
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

async function openOverlay(display: Display): Promise<OverlayTab> {
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
  });
  await tab.goto(`${server.url}/overlay/index.html?${query}`);
  const capture = `${VIEW.width * display.scaleFactor} by ${VIEW.height * display.scaleFactor} pixels`;
  await tab.getByRole('status').getByText(`Display of ${capture}`).waitFor();

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
function mainCrop(display: Display, dipRect: Rect) {
  const capture = { width: VIEW.width * display.scaleFactor, height: VIEW.height * display.scaleFactor };
  const result = selectionToCapturePixels(dipRect, display, capture);
  assert.ok(result.ok, 'main would refuse the selection');
  return result.rect;
}

test('a mouse drag selects exactly the dragged device pixels at scale 2, with a live readout', async () => {
  const overlay = await openOverlay(primary);
  try {
    const { tab } = overlay;
    await tab.getByRole('application', { name: 'Select a region of the screen' }).waitFor();
    await tab.mouse.move(100, 80);
    await tab.mouse.down();
    await tab.mouse.move(300, 200, { steps: 4 });
    assert.equal(await overlay.readout(), '400 × 240 px at 200, 160');
    await tab.mouse.move(421, 283, { steps: 4 });
    assert.equal(await overlay.readout(), '642 × 406 px at 200, 160');
    await tab.mouse.up();
    const selection = await overlay.confirmed();
    assert.deepEqual(selection, {
      displayId: '1',
      dipRect: { x: 100, y: 80, width: 321, height: 203 },
      pixelRect: { x: 200, y: 160, width: 642, height: 406 },
    });
    assert.deepEqual(mainCrop(primary, selection.dipRect), selection.pixelRect);
  } finally {
    await overlay.close();
  }
});

test('at scale 1.5, on a display right of the primary, the drag maps to the pixels main crops', async () => {
  const overlay = await openOverlay(rightOfPrimary);
  try {
    // DIP edges 101 and 333 fall on 151.5 and 499.5 pixels: both round up, as in geometry.
    await overlay.drag([101, 51], [333, 257]);
    assert.equal(await overlay.readout(), '348 × 309 px at 152, 77');
    const selection = await overlay.confirmed();
    assert.equal(selection.displayId, '2');
    assert.deepEqual(selection.pixelRect, { x: 152, y: 77, width: 348, height: 309 });
    assert.deepEqual(mainCrop(rightOfPrimary, selection.dipRect), selection.pixelRect);
    assert.ok(Math.abs(selection.dipRect.x - (1280 + 152 / 1.5)) < 1e-9, 'dipRect is in global DIPs');
  } finally {
    await overlay.close();
  }
});

test('arrow keys move the selection by 1 device pixel (Shift 10) and Alt+arrows resize it', async () => {
  const overlay = await openOverlay(primary);
  try {
    const { tab } = overlay;
    await overlay.drag([100, 100], [200, 150]);
    assert.equal(await overlay.readout(), '200 × 100 px at 200, 200');
    await tab.keyboard.press('ArrowRight');
    await tab.keyboard.press('Shift+ArrowDown');
    await tab.keyboard.press('ArrowUp');
    assert.equal(await overlay.readout(), '200 × 100 px at 201, 209');
    await tab.keyboard.press('Alt+ArrowRight');
    await tab.keyboard.press('Alt+Shift+ArrowUp');
    await tab.keyboard.press('Alt+Shift+ArrowLeft');
    assert.equal(await overlay.readout(), '191 × 90 px at 201, 209');
    assert.match(await overlay.status(), /Selection 191 by 90 pixels at 201, 209/);
    // Moving stops at the display's edge; the size stays.
    for (let i = 0; i < 25; i++) await tab.keyboard.press('Shift+ArrowLeft');
    assert.equal(await overlay.readout(), '191 × 90 px at 0, 209');
    const selection = await overlay.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 0, y: 209, width: 191, height: 90 });
    assert.deepEqual(mainCrop(primary, selection.dipRect), selection.pixelRect);
  } finally {
    await overlay.close();
  }
});

test('handles resize the selection, a drag inside moves it, a double-click confirms it', async () => {
  const overlay = await openOverlay(primary);
  try {
    const { tab } = overlay;
    await overlay.drag([100, 100], [200, 150]);
    // The bottom-right handle sits on the corner (200, 150).
    await overlay.drag([200, 150], [220, 160]);
    assert.equal(await overlay.readout(), '240 × 120 px at 200, 200');
    // The top-left handle (100, 100), dragged up and left.
    await overlay.drag([100, 100], [90, 95]);
    assert.equal(await overlay.readout(), '260 × 130 px at 180, 190');
    // The right edge's handle, dragged past the left edge: the rectangle flips.
    await overlay.drag([220, 127.5], [60, 127.5]);
    assert.equal(await overlay.readout(), '60 × 130 px at 120, 190');
    // A drag inside moves it by the same number of pixels.
    await overlay.drag([75, 120], [105, 135]);
    assert.equal(await overlay.readout(), '60 × 130 px at 180, 220');
    await tab.mouse.dblclick(110, 140);
    await tab.getByRole('status').getByText('Selection captured.').waitFor();
    const events = await overlay.events();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], {
      type: 'confirm',
      selection: {
        displayId: '1',
        dipRect: { x: 90, y: 110, width: 30, height: 65 },
        pixelRect: { x: 180, y: 220, width: 60, height: 130 },
      },
    });
  } finally {
    await overlay.close();
  }
});

test('the keyboard alone selects a region: crosshair, Space, arrows, Space, Enter', async () => {
  const overlay = await openOverlay(primary);
  try {
    const { tab } = overlay;
    const app = tab.getByRole('application', { name: 'Select a region of the screen' });
    assert.match((await app.getAttribute('aria-describedby')) ?? '', /overlay-help/);
    assert.match((await tab.locator('#overlay-help').textContent()) ?? '', /Enter confirms, Escape cancels/);
    assert.equal(await tab.getByRole('status').getAttribute('aria-live'), 'polite');
    // The crosshair starts at the centre of the display.
    await tab.keyboard.press('ArrowRight');
    assert.match(await overlay.status(), /Crosshair at 1281, 800/);
    await tab.keyboard.press('Space');
    await tab.keyboard.press('Shift+ArrowRight');
    await tab.keyboard.press('Shift+ArrowRight');
    await tab.keyboard.press('Shift+ArrowRight');
    await tab.keyboard.press('Shift+ArrowDown');
    await tab.keyboard.press('Shift+ArrowDown');
    await tab.keyboard.press('ArrowRight');
    assert.match(await overlay.status(), /Selecting: 32 by 21 pixels/);
    await tab.keyboard.press('Space');
    assert.match(await overlay.status(), /Selection 32 by 21 pixels at 1281, 800\. Enter confirms/);
    const selection = await overlay.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 1281, y: 800, width: 32, height: 21 });
  } finally {
    await overlay.close();
  }
});

test('Esc cancels through the bridge and nothing is confirmed', async () => {
  const overlay = await openOverlay(primary);
  try {
    const { tab } = overlay;
    await overlay.drag([100, 100], [300, 300]);
    await tab.keyboard.press('Escape');
    await tab.getByRole('status').getByText('Cancelled.').waitFor();
    await tab.keyboard.press('Enter');
    await tab.keyboard.press('Escape');
    assert.deepEqual(await overlay.events(), [{ type: 'cancel' }]);
  } finally {
    await overlay.close();
  }
});

test('A (or Ctrl+A) selects exactly the whole capture', async () => {
  const first = await openOverlay(primary);
  try {
    await first.tab.keyboard.press('a');
    assert.equal(await first.readout(), '2560 × 1600 px at 0, 0');
    const selection = await first.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 0, y: 0, width: 2560, height: 1600 });
    assert.deepEqual(selection.dipRect, primary.bounds);
  } finally {
    await first.close();
  }
  const second = await openOverlay(rightOfPrimary);
  try {
    await second.drag([10, 10], [50, 50]);
    await second.tab.keyboard.press('Control+a');
    const selection = await second.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 0, y: 0, width: 1920, height: 1200 });
    assert.deepEqual(selection.dipRect, rightOfPrimary.bounds);
  } finally {
    await second.close();
  }
});

test('the magnifier shows the frame pixels under the cursor, its coordinates and colour', async () => {
  const overlay = await openOverlay(primary);
  try {
    const { tab } = overlay;
    const cell = async (dx: number, dy: number) =>
      tab.evaluate(
        ({ dx, dy }) => {
          const canvas = document.querySelector<HTMLCanvasElement>('.overlay-magnifier-canvas');
          if (!canvas) throw new Error('no magnifier');
          const cellSize = 12;
          const x = canvas.width / 2 + dx * cellSize;
          const y = canvas.height / 2 + dy * cellSize;
          const data = canvas.getContext('2d')?.getImageData(x, y, 1, 1).data;
          return data ? [data[0], data[1], data[2]] : [];
        },
        { dx, dy },
      );
    const hex = (rgb: number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

    // DIP (333.3, 222.7) at scale 2 is inside pixel (666, 445).
    await tab.mouse.move(333.3, 222.7);
    const label = tab.locator('.overlay-magnifier-label');
    await label.getByText(`666, 445 · ${hex(framePixel(666, 445))}`).waitFor();
    assert.deepEqual(await cell(0, 0), framePixel(666, 445));
    assert.deepEqual(await cell(1, 0), framePixel(667, 445));
    assert.deepEqual(await cell(-1, 0), framePixel(665, 445));
    assert.deepEqual(await cell(0, -5), framePixel(666, 440));
    assert.deepEqual(await cell(5, 5), framePixel(671, 450));

    // At the display's corner the cells beyond the frame are empty (black).
    await tab.mouse.move(0, 0);
    await label.getByText(`0, 0 · ${hex(framePixel(0, 0))}`).waitFor();
    assert.deepEqual(await cell(0, 0), framePixel(0, 0));
    assert.deepEqual(await cell(2, 3), framePixel(2, 3));
    assert.deepEqual(await cell(-1, 0), [0, 0, 0]);
  } finally {
    await overlay.close();
  }
});

test('empty and 1-pixel selections cannot be confirmed, and the page says why', async () => {
  const overlay = await openOverlay(primary);
  try {
    const { tab } = overlay;
    // A click without a drag selects nothing.
    await tab.mouse.click(400, 400);
    await tab.keyboard.press('Enter');
    await tab.getByRole('alert').getByText('The selection is empty: drag to select a region.').waitFor();
    // Space twice selects the one pixel under the crosshair.
    await tab.keyboard.press('Space');
    await tab.keyboard.press('Space');
    assert.equal(await overlay.readout(), 'The selection is only 1x1 pixels: select a larger region.');
    await tab.keyboard.press('Enter');
    await tab.getByRole('alert').getByText('The selection is only 1x1 pixels: select a larger region.').waitFor();
    // A selection shrunk to one pixel wide by keys is refused too.
    await tab.keyboard.press('Alt+ArrowDown');
    assert.equal(await overlay.readout(), 'The selection is only 1x2 pixels: select a larger region.');
    await tab.mouse.dblclick(600, 600);
    await tab.getByRole('alert').getByText('The selection is empty: drag to select a region.').waitFor();
    assert.deepEqual(await overlay.events(), []);
  } finally {
    await overlay.close();
  }
});

test('a drag that leaves the display says so and stays on it', async () => {
  const overlay = await openOverlay(primary);
  try {
    const { tab } = overlay;
    await tab.mouse.move(50, 300);
    await tab.mouse.down();
    await tab.mouse.move(-40, 350, { steps: 4 });
    assert.equal(await overlay.readout(), '100 × 100 px at 0, 600 · A selection stays on one display.');
    await tab.mouse.up();
    assert.equal(await overlay.readout(), '100 × 100 px at 0, 600');
    const selection = await overlay.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 0, y: 600, width: 100, height: 100 });
  } finally {
    await overlay.close();
  }
});

test('the page asks the app to show its window only once the frame is painted, or its error is', async () => {
  const context = await browser.newContext({ viewport: VIEW, deviceScaleFactor: 2 });
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
    await tab.goto(`${server.url}/overlay/index.html?frame=/fixtures/frame-2.png&scale=2&display=1`);
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
    await broken.goto(`${server.url}/overlay/index.html?frame=/fixtures/missing.png&scale=2&display=1`);
    await broken.getByRole('status').getByText('The screen image could not be loaded.').waitFor();
    await broken.waitForFunction(
      () => (window as unknown as { sightlineOverlayPainted?: boolean }).sightlineOverlayPainted === true,
    );
  } finally {
    await context.close();
  }
});

test('without an app behind it the overlay says it is not connected', async () => {
  const context = await browser.newContext({ viewport: VIEW });
  try {
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await tab.goto(`${server.url}/overlay/index.html`);
    await tab.getByRole('status').getByText('Not connected to the Sightline app.').waitFor();
    await tab.keyboard.press('Escape');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
