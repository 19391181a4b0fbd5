import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CaptureError, DisplayCapture } from '../../../main/capture/capture-adapter.js';
import {
  createScreenshotDesktopAdapter,
  createToolsAdapter,
} from '../../../main/capture/screenshot-desktop-adapter.js';
import { createX11Adapter } from '../../../main/capture/x11-adapter.js';
import { CaptureFlow } from '../../../main/capture/capture-flow.js';
import { cropRegion } from '../../../main/capture/crop-region.js';
import { RegionMemory } from '../../../main/capture/region-memory.js';
import { RepeatFlow, type RepeatTarget } from '../../../main/capture/repeat-flow.js';
import { openX11Screen } from '../../../main/capture/x11-screen.js';
import { selectionToCapturePixels, type DisplayGeometry, type Rect } from '../../../common/geometry.js';
import sharp from 'sharp';
import { cropToPng } from '../../../engine/crop.js';
import { differingPixels } from '../../support/images.js';
import { paintRoot } from '../../support/x11-paint.js';
import { startXvfb, type VirtualDisplay } from '../../support/xvfb.js';

// Real capture on a virtual X display of two monitors (RandR 1.5 monitors set
// with `xrandr --setmonitor`, as a desktop with two screens reports them): the
// root window shows a known pattern (painted with PutImage), each display is
// captured, and every pixel of every frame, and of a crop cut by the engine's
// crop, must be the pattern's pixel at that place.
const run = promisify(execFile);
const width = 3200;
const height = 1200;
// Monitor B is shorter than the screen: the root below it belongs to no display.
const monitorA: Rect = { x: 0, y: 0, width: 1920, height: 1200 };
const monitorB: Rect = { x: 1920, y: 0, width: 1280, height: 1024 };
const displays: DisplayGeometry[] = [
  { id: '11', bounds: monitorA, scaleFactor: 1 },
  { id: '22', bounds: monitorB, scaleFactor: 1 },
];

/** Each pixel tells where it is: a frame shifted by one pixel, or cut from the wrong place, fails. */
function expected(x: number, y: number): [number, number, number] {
  return [x & 255, y & 255, ((x >> 8) << 4) | (y >> 8)];
}

let xvfb: VirtualDisplay;
let scratch: string;
let savedDisplay: string | undefined;

/** The first few pixels that differ from the pattern, for a frame that shows `rect` of the root. */
const mismatches = (png: Uint8Array, rect: Rect) => differingPixels(png, rect, expected);

/** A frame as a PNG to compare: an RGBA frame (the X11 capture) is encoded for the check; its alpha must be opaque. */
async function framePng(capture: DisplayCapture): Promise<Uint8Array> {
  const { image, width, height } = capture;
  if (image.format === 'png') return image.bytes;
  assert.equal(image.bytes.byteLength, width * height * 4);
  assert.ok(
    image.bytes.every((value, index) => index % 4 !== 3 || value === 255),
    'every pixel is opaque',
  );
  return sharp(image.bytes, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

function frameOf(captures: DisplayCapture[], id: string): DisplayCapture {
  const capture = captures.find((candidate) => candidate.displayId === id);
  assert.ok(capture, `no frame for display ${id}`);
  return capture;
}

async function assertFramesExact(captures: DisplayCapture[]): Promise<void> {
  assert.deepEqual(
    captures.map((capture) => [capture.displayId, capture.width, capture.height]),
    [
      ['11', 1920, 1200],
      ['22', 1280, 1024],
    ],
  );
  assert.deepEqual(await mismatches(await framePng(frameOf(captures, '11')), monitorA), []);
  assert.deepEqual(await mismatches(await framePng(frameOf(captures, '22')), monitorB), []);
}

before(async () => {
  savedDisplay = process.env.DISPLAY;
  xvfb = await startXvfb(width, height);
  process.env.DISPLAY = xvfb.display;
  scratch = await mkdtemp(path.join(os.tmpdir(), 'sightline-xvfb-'));
  const env = { ...process.env, DISPLAY: xvfb.display };
  await run('xrandr', ['--setmonitor', 'A', '1920/500x1200/300+0+0', 'screen'], { env });
  await run('xrandr', ['--setmonitor', 'B', '1280/330x1024/270+1920+0', 'none'], { env });
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(expected(x, y), (y * width + x) * 3);
  }
  await paintRoot(xvfb.display, raw, width, height);
});

after(async () => {
  await xvfb?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  if (savedDisplay === undefined) delete process.env.DISPLAY;
  else process.env.DISPLAY = savedDisplay;
});

test('the X server lists both RandR monitors', async () => {
  const screen = await openX11Screen(xvfb.display);
  screen.hold(true);
  try {
    assert.deepEqual(
      (await screen.monitors()).map((monitor) => monitor.rect),
      [monitorA, monitorB],
    );
  } finally {
    screen.close();
  }
});

test('the in-process X11 capture reads every display exactly, without spawning a tool', async () => {
  // No fallback and a PATH without xrandr or import: nothing but the X connection can answer.
  const savedPath = process.env.PATH;
  process.env.PATH = scratch;
  const adapter = createX11Adapter();
  try {
    const captures = await adapter.captureAll(displays);
    assert.equal(adapter.lastMethod, 'shm');
    await assertFramesExact(captures);

    // A selection on display B, mapped as the app maps it, cut by the engine's crop.
    const selection = { x: 2000, y: 700, width: 300, height: 200 };
    const crop = selectionToCapturePixels(selection, displays[1] as DisplayGeometry, frameOf(captures, '22'));
    assert.ok(crop.ok);
    assert.deepEqual(crop.rect, { x: 80, y: 700, width: 300, height: 200 });
    const region = await cropToPng(await framePng(frameOf(captures, '22')), crop.rect);
    assert.deepEqual(await mismatches(region, selection), []);
    assert.equal(frameOf(captures, '22').image.format, 'rgba', 'the overlay gets raw pixels: nothing encoded');

    // Captured again on the connection kept open: the same pixels.
    await assertFramesExact(await adapter.captureAll(displays));
  } finally {
    adapter.dispose();
    process.env.PATH = savedPath;
  }
});

test('a selected region is cut from the raw frame in main, pixel for pixel, without the engine', async () => {
  for (const sharedMemory of [true, false]) {
    const adapter = createX11Adapter({ open: () => openX11Screen(xvfb.display, { sharedMemory }) });
    try {
      const frame = frameOf(await adapter.captureAll(displays), '22');
      // A newer capture reuses the shared memory: the frame's pixels are its own.
      await adapter.captureAll(displays);
      const selection = { x: 2000, y: 700, width: 300, height: 200 };
      const crop = selectionToCapturePixels(selection, displays[1] as DisplayGeometry, frame);
      assert.ok(crop.ok);
      const region = await cropRegion(frame, crop.rect, () => Promise.reject(new Error('the engine was asked')));
      assert.deepEqual([region.width, region.height], [300, 200]);
      assert.deepEqual(await mismatches(region.png, selection), [], `shared memory: ${sharedMemory}`);
    } finally {
      adapter.dispose();
    }
  }
});

test('the repeat shortcut captures the selected region again, from that display alone, pixel for pixel', async () => {
  const adapter = createX11Adapter();
  const grabbed: string[][] = [];
  const counting = {
    name: adapter.name,
    captureAll: async (list: readonly DisplayGeometry[]) => {
      grabbed.push(list.map((display) => display.id));
      return adapter.captureAll(list);
    },
  };
  const regions = new RegionMemory();
  const selection = { x: 2000, y: 700, width: 300, height: 200 };
  const pngs: Uint8Array[] = [];
  const targets: RepeatTarget[] = [];
  const shared = {
    displays: () => displays,
    adapter: counting,
    screenAccess: () => 'not-needed' as const,
    hideOwnWindows: async () => () => undefined,
    crop: async (png: Uint8Array, rect: Rect) => {
      const cropped = await cropToPng(png, rect);
      return { png: cropped, width: rect.width, height: rect.height };
    },
    regions,
    report: (problem: unknown) => assert.fail(JSON.stringify(problem)),
  };
  try {
    const capture = new CaptureFlow({
      ...shared,
      overlays: { select: async () => ({ displayId: '22', dipRect: selection }), cancel: () => undefined },
      openConversation: async (region) => {
        pngs.push(region.png);
        return 'c1';
      },
    });
    assert.equal(await capture.trigger(), 'captured');
    const repeat = new RepeatFlow({
      ...shared,
      capturing: () => capture.active,
      into: () => 'same-conversation',
      open: async (region, target) => {
        pngs.push(region.png);
        targets.push(target);
        return 'c1';
      },
    });
    assert.equal(await repeat.trigger(), 'captured');
    assert.deepEqual(grabbed, [['11', '22'], ['22']], 'the repeat grabs the region’s display alone');
    assert.deepEqual(targets, [{ into: 'same-conversation', conversationId: 'c1' }]);
    for (const png of pngs) assert.deepEqual(await mismatches(png, selection), []);
  } finally {
    adapter.dispose();
  }
});

test('without shared memory the capture reads the same pixels over the socket', async () => {
  const adapter = createX11Adapter({ open: () => openX11Screen(xvfb.display, { sharedMemory: false }) });
  try {
    const captures = await adapter.captureAll(displays);
    assert.equal(adapter.lastMethod, 'core');
    await assertFramesExact(captures);
  } finally {
    adapter.dispose();
  }
});

test('the tools fallback runs xrandr once and import at PNG level 1, and captures exactly', async () => {
  // An xrandr on PATH that counts its runs before handing over to the real one.
  const bin = path.join(scratch, 'counting');
  const log = path.join(scratch, 'xrandr-runs');
  await mkdir(bin, { recursive: true });
  await writeFile(path.join(bin, 'xrandr'), `#!/bin/sh\necho run >> '${log}'\nexec /usr/bin/xrandr "$@"\n`, {
    mode: 0o755,
  });
  await writeFile(log, '');
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
  try {
    // xrandr lists outputs, not --setmonitor monitors: one display covering the screen.
    const whole: DisplayGeometry = { id: '1', bounds: { x: 0, y: 0, width, height }, scaleFactor: 1 };
    const [capture] = await createToolsAdapter().captureAll([whole]);
    assert.ok(capture);
    assert.equal((await readFile(log, 'utf8')).split('\n').filter(Boolean).length, 1, 'xrandr runs per capture');
    // The zlib header of the first IDAT says which compression level wrote it (FLEVEL 0: the fastest).
    assert.equal(capture.image.format, 'png');
    const png = Buffer.from(capture.image.bytes);
    const idat = png.indexOf('IDAT', 8, 'latin1');
    assert.equal(png[idat + 5]! >> 6, 0, `FLEVEL of zlib header ${png.subarray(idat + 4, idat + 6).toString('hex')}`);
    assert.deepEqual(await mismatches(capture.image.bytes, whole.bounds), []);
  } finally {
    process.env.PATH = savedPath;
  }
});

test('with no usable X connection and no capture tools, the error names the packages to install', async () => {
  const savedPath = process.env.PATH;
  const savedDisplayHere = process.env.DISPLAY;
  // A display nobody serves, and a PATH without xrandr or import.
  process.env.DISPLAY = ':9876';
  process.env.PATH = scratch;
  try {
    const adapter = createScreenshotDesktopAdapter();
    await assert.rejects(adapter.captureAll(displays), (error: Error) => {
      assert.equal(error.name, 'CaptureError');
      assert.match(error.message, /X server at :9876/);
      assert.match(error.message, /xrandr and import are not installed: install x11-xserver-utils and imagemagick/);
      // What the app words in its language: the fallback's advice, not the X connection's cause.
      assert.deepEqual((error as CaptureError).failure, {
        code: 'tools-missing',
        tools: ['xrandr', 'import'],
        packages: ['x11-xserver-utils', 'imagemagick'],
      });
      return true;
    });
  } finally {
    process.env.PATH = savedPath;
    process.env.DISPLAY = savedDisplayHere;
  }
});

test('a PATH with xrandr but without import names ImageMagick alone', async () => {
  const savedPath = process.env.PATH;
  const bin = path.join(scratch, 'bin');
  await mkdir(bin, { recursive: true });
  await symlink('/usr/bin/xrandr', path.join(bin, 'xrandr'));
  process.env.PATH = bin;
  try {
    await assert.rejects(createToolsAdapter().captureAll(displays), (error: Error) => {
      assert.equal(error.name, 'CaptureError');
      assert.match(error.message, /The screen capture tool import is not installed: install imagemagick/);
      assert.doesNotMatch(error.message, /x11-xserver-utils/);
      return true;
    });
  } finally {
    process.env.PATH = savedPath;
  }
});
