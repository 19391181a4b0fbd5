import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { chromium, type Browser } from 'playwright';
import { createScreenshotDesktopAdapter } from '../../../main/capture/screenshot-desktop-adapter.js';
import { selectionToCapturePixels, type DisplayGeometry } from '../../../main/core/geometry.js';
import { cropToPng } from '../../../main/engine/crop.js';
import { chromiumPath } from '../../support/chromium.js';
import { startXvfb, type VirtualDisplay } from '../../support/xvfb.js';

// Real capture: a Chromium window with known coloured blocks on a virtual X
// display, captured through the screenshot-desktop adapter (xrandr + import),
// a selection mapped through the same geometry as the app, and cropped by the
// engine's crop. The pixels must be exactly the blocks' colours.
const width = 1280;
const height = 800;
const blocks = [
  { x: 0, y: 0, w: 640, h: 400, color: [220, 40, 40] },
  { x: 640, y: 0, w: 640, h: 400, color: [40, 160, 60] },
  { x: 0, y: 400, w: 640, h: 400, color: [30, 70, 200] },
  { x: 640, y: 400, w: 640, h: 400, color: [250, 200, 20] },
] as const;

let xvfb: VirtualDisplay;
let browser: Browser;

before(async () => {
  xvfb = await startXvfb(width, height);
  // screenshot-desktop's xrandr and import read DISPLAY from the environment.
  process.env.DISPLAY = xvfb.display;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: false,
    env: { ...process.env, DISPLAY: xvfb.display },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--kiosk',
      '--window-position=0,0',
      `--window-size=${width},${height}`,
      '--force-device-scale-factor=1',
      '--force-color-profile=srgb',
      '--hide-scrollbars',
    ],
  });
  const page = await browser.newPage({ viewport: null });
  const divs = blocks
    .map(
      (b) =>
        `<div style="position:fixed;left:${b.x}px;top:${b.y}px;width:${b.w}px;height:${b.h}px;background:rgb(${b.color.join(',')})"></div>`,
    )
    .join('');
  await page.setContent(`<html><body style="margin:0;overflow:hidden">${divs}</body></html>`);
  await page.waitForTimeout(500);
});

after(async () => {
  await browser?.close();
  await xvfb?.stop();
});

test('a region captured from a real X display holds exactly the pixels on screen', async () => {
  const display: DisplayGeometry = { id: '1', bounds: { x: 0, y: 0, width, height }, scaleFactor: 1 };
  const [capture] = await createScreenshotDesktopAdapter().captureAll([display]);
  assert.ok(capture);
  assert.equal(capture.width, width);
  assert.equal(capture.height, height);

  // A selection across the red/green boundary.
  const selection = { x: 600, y: 100, width: 80, height: 50 };
  const crop = selectionToCapturePixels(selection, display, capture);
  assert.ok(crop.ok);
  assert.deepEqual(crop.rect, selection);
  const png = await cropToPng(capture.png, crop.rect);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [80, 50]);
  const mismatches: string[] = [];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const expected = x + selection.x < 640 ? blocks[0].color : blocks[1].color;
      const i = (y * info.width + x) * 3;
      const actual = [data[i], data[i + 1], data[i + 2]];
      if (actual.join() !== expected.join() && mismatches.length < 5)
        mismatches.push(`(${x},${y}) ${actual.join()} != ${expected.join()}`);
    }
  }
  assert.deepEqual(mismatches, []);
});
