import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureSize, DisplayGeometry, Rect } from '../../../common/geometry.js';
import { CaptureError } from '../../../main/capture/capture-adapter.js';
import {
  createScreenPicturesAdapter,
  type ScreenPicture,
  type ScreenSource,
  type ScreenSources,
} from '../../../main/capture/screen-pictures.js';

// The desktopCapturer adapter against a scripted desktopCapturer: what a
// Wayland portal returns (one picture of the whole desktop, scaled to fit the
// size asked, without display ids) and what X11, macOS and Windows return
// (one picture per display). A picture's PNG here names the part of the
// screen it holds, so a test sees what each display got.
class FakePicture implements ScreenPicture {
  constructor(
    private readonly size: CaptureSize,
    private readonly region: Rect,
  ) {}
  isEmpty(): boolean {
    return this.size.width === 0;
  }
  toPNG(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.region));
  }
  getSize(): CaptureSize {
    return this.size;
  }
  crop(rect: Rect): ScreenPicture {
    const sx = this.region.width / this.size.width;
    const sy = this.region.height / this.size.height;
    const region = {
      x: this.region.x + rect.x * sx,
      y: this.region.y + rect.y * sy,
      width: rect.width * sx,
      height: rect.height * sy,
    };
    return new FakePicture({ width: rect.width, height: rect.height }, region);
  }
}

/** A picture of `region` (screen pixels), scaled to fit `asked` as desktopCapturer's thumbnails are. */
function thumbnail(region: Rect, asked: CaptureSize): FakePicture {
  const scale = Math.min(asked.width / region.width, asked.height / region.height);
  return new FakePicture(
    { width: Math.round(region.width * scale), height: Math.round(region.height * scale) },
    region,
  );
}

function scripted(list: (asked: CaptureSize) => ScreenSource[]): ScreenSources & { asked: CaptureSize[] } {
  const asked: CaptureSize[] = [];
  return {
    asked,
    getSources: (options) => {
      asked.push(options.thumbnailSize);
      return Promise.resolve(list(options.thumbnailSize));
    },
  };
}

const regionOf = (png: Uint8Array) => JSON.parse(new TextDecoder().decode(png)) as Rect;
const displays: DisplayGeometry[] = [
  { id: '1', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
  { id: '2', bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
];

test('a portal that returns one picture of the whole desktop: each display gets its own part, at full size', async () => {
  const desktop = { x: 0, y: 0, width: 3840, height: 1080 };
  const screens = scripted((asked) => [{ display_id: '', thumbnail: thumbnail(desktop, asked) }]);
  const captures = await createScreenPicturesAdapter(screens).captureAll(displays);
  // Asked first at one display's size, then again at the whole desktop's.
  assert.deepEqual(screens.asked, [
    { width: 1920, height: 1080 },
    { width: 3840, height: 1080 },
  ]);
  assert.deepEqual(
    captures.map((capture) => ({ id: capture.displayId, width: capture.width, height: capture.height })),
    [
      { id: '1', width: 1920, height: 1080 },
      { id: '2', width: 1920, height: 1080 },
    ],
  );
  assert.deepEqual(regionOf(captures[0]!.image.bytes), { x: 0, y: 0, width: 1920, height: 1080 });
  assert.deepEqual(regionOf(captures[1]!.image.bytes), { x: 1920, y: 0, width: 1920, height: 1080 });
});

test('one picture per display, as X11, macOS and Windows return: used whole, paired by id', async () => {
  const screens = scripted((asked) => [
    { display_id: '2', thumbnail: thumbnail({ x: 1920, y: 0, width: 1920, height: 1080 }, asked) },
    { display_id: '1', thumbnail: thumbnail({ x: 0, y: 0, width: 1920, height: 1080 }, asked) },
  ]);
  const captures = await createScreenPicturesAdapter(screens).captureAll(displays);
  assert.deepEqual(screens.asked, [{ width: 1920, height: 1080 }]);
  assert.deepEqual(
    captures.map((capture) => regionOf(capture.image.bytes).x),
    [0, 1920],
  );
});

test('a portal that shares one display of two: a CaptureError that says what came back and what to do', async () => {
  const screens = scripted((asked) => [
    { display_id: '', thumbnail: thumbnail({ x: 0, y: 0, width: 1920, height: 1080 }, asked) },
  ]);
  await assert.rejects(
    createScreenPicturesAdapter(screens).captureAll(displays),
    (error: unknown) =>
      error instanceof CaptureError &&
      /one picture \(1920×1080\) for 2 displays/.test(error.message) &&
      /choose the entire screen/.test(error.message),
  );
});

test('under Wayland the portal is asked once, at the whole desktop’s size, and each display cut from it', async () => {
  const desktop = { x: 0, y: 0, width: 3840, height: 1080 };
  const screens = scripted((asked) => [{ display_id: '', thumbnail: thumbnail(desktop, asked) }]);
  const captures = await createScreenPicturesAdapter(screens, { askOnce: true }).captureAll(displays);
  assert.deepEqual(screens.asked, [{ width: 3840, height: 1080 }]);
  assert.deepEqual(
    captures.map((capture) => regionOf(capture.image.bytes)),
    [
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1920, height: 1080 },
    ],
  );
});

test('under Wayland with one display, its picture is used whole', async () => {
  const one = [displays[0]!];
  const screens = scripted((asked) => [
    { display_id: '', thumbnail: thumbnail({ x: 0, y: 0, width: 1920, height: 1080 }, asked) },
  ]);
  const captures = await createScreenPicturesAdapter(screens, { askOnce: true }).captureAll(one);
  assert.deepEqual(screens.asked, [{ width: 1920, height: 1080 }]);
  assert.deepEqual([captures[0]!.width, captures[0]!.height], [1920, 1080]);
});
