// `npm run bench:capture`: capture + crop latency on a virtual X display of
// 1280x800 and of 3840x2160, through the screenshot-desktop adapter (xrandr +
// ImageMagick import, the Linux X11 default) and the engine's crop. The root
// window shows a screenshot-like image, since PNG encoding cost depends on
// what is on screen. Reported as medians and as the 4K/1280 ratio.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createScreenshotDesktopAdapter } from '../main/capture/screenshot-desktop-adapter.js';
import { selectionToCapturePixels, type DisplayGeometry } from '../main/core/geometry.js';
import { cropToPng } from '../main/engine/crop.js';
import { chromiumPath } from '../test/support/chromium.js';
import { startXvfb } from '../test/support/xvfb.js';
import { median } from './stats.js';

const runs = 7;
const sizes = [
  [1280, 800],
  [3840, 2160],
] as const;

/** Coloured panels and dense "text" rows: about as hard to compress as a real screen. */
async function screenLike(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    const textRow = y % 18 < 11;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      // xorshift32: cheap, and random enough in its low bits to look like glyphs.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      const panel = ((x >> 8) + (y >> 7)) % 3;
      const ink = textRow && (seed & 7) < 3 && x % 300 < 260;
      const base = panel === 0 ? [246, 248, 250] : panel === 1 ? [30, 31, 34] : [230, 240, 255];
      raw[i] = ink ? 255 - (base[0] ?? 0) : (base[0] ?? 0);
      raw[i + 1] = ink ? 255 - (base[1] ?? 0) : (base[1] ?? 0);
      raw[i + 2] = ink ? 255 - (base[2] ?? 0) : (base[2] ?? 0);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

const print = (text = '') => process.stdout.write(`${text}\n`);
print('Sightline capture benchmark (screenshot-desktop adapter on Xvfb, crop in the engine code)');
const scratch = await mkdtemp(path.join(os.tmpdir(), 'sightline-capture-bench-'));
const rows: { size: string; capture: number; crop: number; total: number; pngKB: number }[] = [];
try {
  for (const [width, height] of sizes) {
    const xvfb = await startXvfb(width, height);
    process.env.DISPLAY = xvfb.display;
    try {
      const background = path.join(scratch, `screen-${width}.png`);
      await writeFile(background, await screenLike(width, height));
      // Show the image full-screen in Chromium (as the capture test does).
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: false,
        env: { ...process.env },
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--kiosk',
          '--window-position=0,0',
          `--window-size=${width},${height}`,
          '--force-device-scale-factor=1',
          '--hide-scrollbars',
        ],
      });
      const page = await browser.newPage({ viewport: null });
      const dataUrl = `data:image/png;base64,${(await readFile(background)).toString('base64')}`;
      await page.setContent(
        `<body style="margin:0;overflow:hidden"><img src="${dataUrl}" style="display:block"></body>`,
      );
      await page.waitForTimeout(500);
      const display: DisplayGeometry = { id: '1', bounds: { x: 0, y: 0, width, height }, scaleFactor: 1 };
      const adapter = createScreenshotDesktopAdapter();
      const captureMs: number[] = [];
      const cropMs: number[] = [];
      let pngBytes = 0;
      for (let run = 0; run < runs + 1; run++) {
        const t0 = performance.now();
        const [capture] = await adapter.captureAll([display]);
        const t1 = performance.now();
        if (!capture) throw new Error('no capture');
        const selection = selectionToCapturePixels(
          { x: width / 4, y: height / 4, width: 800, height: 450 },
          display,
          capture,
        );
        if (!selection.ok) throw new Error(selection.reason);
        await cropToPng(capture.png, selection.rect);
        const t2 = performance.now();
        // The first run warms caches (ImageMagick, sharp): not counted.
        if (run === 0) continue;
        captureMs.push(t1 - t0);
        cropMs.push(t2 - t1);
        pngBytes = capture.png.byteLength;
      }
      const row = {
        size: `${width}x${height}`,
        capture: median(captureMs),
        crop: median(cropMs),
        total: median(captureMs.map((c, i) => c + (cropMs[i] ?? 0))),
        pngKB: pngBytes / 1024,
      };
      rows.push(row);
      print(
        `${row.size}: capture ${row.capture.toFixed(0)} ms, crop 800x450 ${row.crop.toFixed(0)} ms, total ${row.total.toFixed(0)} ms (median of ${runs}); capture PNG ${row.pngKB.toFixed(0)} KB`,
      );
      await browser.close();
    } finally {
      await xvfb.stop();
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const [small, large] = rows;
if (small && large)
  print(
    `4K / 1280x800 total latency: ${(large.total / small.total).toFixed(2)}x for ${((3840 * 2160) / (1280 * 800)).toFixed(1)}x the pixels`,
  );
