// `npm run bench:capture`: capture latency on a virtual X display of 1280x800
// and of 3840x2160, from the moment a capture starts to the moment its frame
// is ready to send to the overlay (captureMs), and the cut of an 800x450
// region out of that frame as the app cuts it (cropMs,
// main/capture/crop-region.ts: in main from a raw RGBA frame, by the engine
// from a PNG one). The root window shows a screenshot-like image, since
// encoding cost depends on what is on screen.
// Measured, run after run, interleaved so that the machine's load hits all alike:
// - x11 (the app's path): the in-process X11 capture handing on raw RGBA, a
//   new connection per capture (as after an idle pause) and again on the
//   connection kept open;
// - x11 PNG: the same capture encoding each frame as a PNG at zlib level 1
//   in main, cut by the engine: the app's path before raw frames;
// - tools: the fallback, one xrandr and ImageMagick's import at PNG level 1;
// - baseline: the path before issue 16, screenshot-desktop as it was used
//   (xrandr twice, import at ImageMagick's default maximal PNG compression).
// And how long Chromium takes to make each kind of frame into the bitmap the
// overlay page draws (createImageBitmap of the ImageData or of the PNG's
// Blob: overlayDecodeMs). Medians; written to bench/results/capture.json
// with the load average.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import screenshot from 'screenshot-desktop';
import sharp from 'sharp';
import { createToolsAdapter } from '../main/capture/screenshot-desktop-adapter.js';
import { createX11Adapter } from '../main/capture/x11-adapter.js';
import { pngFrame, type CaptureAdapter, type DisplayCapture } from '../main/capture/capture-adapter.js';
import { selectionToCapturePixels, type DisplayGeometry, type Rect } from '../common/geometry.js';
import { cropRegion } from '../main/capture/crop-region.js';
import { pngSize } from '../common/png-size.js';
import { cropToPng } from '../engine/crop.js';
import { launchChromium } from '../test/support/chromium.js';
import { repoRoot } from '../test/support/repo.js';
import { startXvfb } from '../test/support/xvfb.js';
import { paintRoot } from '../test/support/x11-paint.js';
import { median } from './stats.js';

const runs = 7;
const sizes = [
  [1280, 800],
  [3840, 2160],
] as const;

/** Coloured panels and dense "text" rows: about as hard to compress as a real screen. */
function screenLike(width: number, height: number): Buffer {
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
  return raw;
}

/** The capture path before issue 16: screenshot-desktop's listDisplays, then screenshot() (which runs xrandr again). */
const baselineAdapter: CaptureAdapter = {
  name: 'baseline',
  async captureAll(displays) {
    const listed = await screenshot.listDisplays();
    return Promise.all(
      displays.map(async (display, index) => {
        const png = await screenshot({ screen: listed[index]?.id ?? 0, format: 'png' });
        const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
        return { displayId: display.id, image: pngFrame(bytes), ...(pngSize(bytes) ?? { width: 0, height: 0 }) };
      }),
    );
  },
};

interface Samples {
  captureMs: number[];
  cropMs: number[];
  frameBytes: number;
  frame?: DisplayCapture;
}

const newSamples = (): Samples => ({ captureMs: [], cropMs: [], frameBytes: 0 });

const engineCrop = async (png: Uint8Array, rect: Rect) => ({
  png: await cropToPng(png, rect),
  width: rect.width,
  height: rect.height,
});

async function measure(
  adapter: CaptureAdapter,
  display: DisplayGeometry,
  into: Samples,
  counted: boolean,
): Promise<DisplayCapture> {
  const t0 = performance.now();
  const [capture] = await adapter.captureAll([display]);
  const t1 = performance.now();
  if (!capture) throw new Error(`${adapter.name}: no capture`);
  const { width, height } = display.bounds;
  const selection = selectionToCapturePixels(
    { x: width / 4, y: height / 4, width: 800, height: 450 },
    display,
    capture,
  );
  if (!selection.ok) throw new Error(selection.reason);
  await cropRegion(capture, selection.rect, engineCrop);
  const t2 = performance.now();
  if (counted) {
    into.captureMs.push(t1 - t0);
    into.cropMs.push(t2 - t1);
  }
  into.frameBytes = capture.image.bytes.byteLength;
  into.frame = capture;
  return capture;
}

const print = (text = '') => process.stdout.write(`${text}\n`);
const ms = (value: number) => Math.round(value * 10) / 10;
print('Sightline capture benchmark (Xvfb; the crop as the app cuts it; medians)');
const browser = await launchChromium();
const page = await browser.newPage();
await page.setContent('<body></body>');

/** Median time for Chromium to make the frame into the overlay's bitmap (load-frame.ts). */
async function decodeMs(capture: DisplayCapture): Promise<number> {
  const { image, width, height } = capture;
  await page.evaluate((b64) => {
    (window as unknown as { frame: Uint8Array }).frame = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  }, Buffer.from(image.bytes).toString('base64'));
  const times = await page.evaluate(
    async ({ count, format, width, height }) => {
      const bytes = (window as unknown as { frame: Uint8Array<ArrayBuffer> }).frame;
      const out: number[] = [];
      for (let i = 0; i < count + 1; i++) {
        const t = performance.now();
        const pixels =
          format === 'rgba'
            ? new ImageData(new Uint8ClampedArray(bytes.buffer), width, height)
            : new Blob([bytes], { type: 'image/png' });
        const bitmap = await createImageBitmap(pixels);
        if (i > 0) out.push(performance.now() - t);
        bitmap.close();
      }
      return out;
    },
    { count: runs, format: image.format, width, height },
  );
  return median(times);
}

const results: Record<string, unknown> = {};
try {
  for (const [width, height] of sizes) {
    const xvfb = await startXvfb(width, height);
    process.env.DISPLAY = xvfb.display;
    try {
      const screen = screenLike(width, height);
      await paintRoot(xvfb.display, screen, width, height);
      const display: DisplayGeometry = { id: '1', bounds: { x: 0, y: 0, width, height }, scaleFactor: 1 };
      const x11Cold = newSamples();
      const x11Warm = newSamples();
      const x11Png = newSamples();
      const tools = newSamples();
      const baseline = newSamples();
      let method: string | undefined;
      const toolsAdapter = createToolsAdapter();
      // Run 0 warms caches (the JIT, ImageMagick, sharp): not counted.
      for (let run = 0; run <= runs; run++) {
        const counted = run > 0;
        const adapter = createX11Adapter();
        try {
          const frame = await measure(adapter, display, x11Cold, counted);
          method = adapter.lastMethod;
          if (run === 0) {
            const { data } = await sharp(frame.image.bytes, { raw: { width, height, channels: 4 } })
              .removeAlpha()
              .raw()
              .toBuffer({ resolveWithObject: true });
            if (!data.equals(screen)) throw new Error('the x11 frame differs from the screen');
          }
          await measure(adapter, display, x11Warm, counted);
        } finally {
          adapter.dispose();
        }
        const pngAdapter = createX11Adapter({ pngLevel: 1 });
        try {
          await measure(pngAdapter, display, x11Png, counted);
        } finally {
          pngAdapter.dispose();
        }
        await measure(toolsAdapter, display, tools, counted);
        await measure(baselineAdapter, display, baseline, counted);
      }
      const summary = async (samples: Samples) => ({
        captureMs: ms(median(samples.captureMs)),
        cropMs: ms(median(samples.cropMs)),
        totalMs: ms(median(samples.captureMs.map((c, i) => c + (samples.cropMs[i] ?? 0)))),
        frameKB: Math.round(samples.frameBytes / 1024),
        overlayDecodeMs: samples.frame ? ms(await decodeMs(samples.frame)) : undefined,
      });
      const row = {
        ...(await summary(x11Cold)),
        captureWarmMs: ms(median(x11Warm.captureMs)),
        totalWarmMs: ms(median(x11Warm.captureMs.map((c, i) => c + (x11Warm.cropMs[i] ?? 0)))),
        method: `x11 (${method})`,
        tools: await summary(tools),
        png: await summary(x11Png),
        baseline: await summary(baseline),
      };
      const key = `${width}x${height}`;
      results[key] = row;
      print(
        `${key}: capture ${row.captureMs} ms, crop ${row.cropMs} ms, capture + crop ${row.totalMs} ms ` +
          `(on the connection kept open: capture ${row.captureWarmMs} ms, capture + crop ${row.totalWarmMs} ms; ${row.method}), ` +
          `frame ${row.frameKB} KB (raw RGBA), Chromium bitmap ${row.overlayDecodeMs} ms`,
      );
      for (const [name, other] of [
        ['x11 PNG level 1, cut by the engine (before raw frames)', row.png],
        ['tools (import -define png:compression-level=1)', row.tools],
        ['baseline (before)', row.baseline],
      ] as const) {
        print(
          `  ${name}: capture ${other.captureMs} ms, crop ${other.cropMs} ms, capture + crop ${other.totalMs} ms, frame ${other.frameKB} KB, Chromium bitmap ${other.overlayDecodeMs} ms`,
        );
      }
    } finally {
      await xvfb.stop();
    }
  }
} finally {
  await browser.close();
}
const load = os.loadavg().map((value) => Math.round(value * 100) / 100);
print(`load average ${load.join(' ')} on ${os.cpus().length} CPUs`);
const out = path.join(repoRoot, 'bench', 'results', 'capture.json');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify({ ...results, runs, loadAverage: load, cpus: os.cpus().length, date: new Date().toISOString() }, null, 2)}\n`,
);
print(`written to ${path.relative(repoRoot, out)}`);
