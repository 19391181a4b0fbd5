import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OverlaySessions, type OverlayWindowFactory } from '../../../main/capture/overlay-sessions.js';
import { pngFrame, type DisplayCapture } from '../../../main/capture/capture-adapter.js';
import type { DisplayGeometry } from '../../../common/geometry.js';

const displays: DisplayGeometry[] = [
  { id: 'left', bounds: { x: -1280, y: 0, width: 1280, height: 800 }, scaleFactor: 2 },
  { id: 'main', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
];
const captures: DisplayCapture[] = displays.map((d) => ({
  displayId: d.id,
  image: pngFrame(new Uint8Array([d.id.length])),
  width: d.bounds.width * d.scaleFactor,
  height: d.bounds.height * d.scaleFactor,
}));

function fakeFactory() {
  const open = new Map<number, { display: string; shown: boolean; closed: boolean; onClosed: () => void }>();
  let next = 100;
  const factory: OverlayWindowFactory = {
    open: (display, onClosed) => {
      const senderId = next++;
      const record = { display: display.id, shown: false, closed: false, onClosed };
      open.set(senderId, record);
      return { senderId, show: () => (record.shown = true), close: () => (record.closed = true) };
    },
  };
  return { factory, open };
}

const pixelRect = { x: 0, y: 0, width: 10, height: 10 };

test('one window per display, each gets its own frame; a confirm closes them all', async () => {
  const { factory, open } = fakeFactory();
  const overlays = new OverlaySessions(factory, () => 'en');
  const selected = overlays.select(captures, displays);
  assert.deepEqual(
    [...open.values()].map((w) => w.display),
    ['left', 'main'],
  );
  assert.equal(overlays.frame(100)?.displayId, 'left');
  assert.deepEqual(overlays.frame(100)?.captureSize, { width: 2560, height: 1600 });
  assert.equal(overlays.frame(101)?.displayId, 'main');
  assert.equal(overlays.frame(999), undefined, 'a sender that is not one of our overlays gets nothing');
  const reply = overlays.confirm(101, {
    displayId: 'main',
    dipRect: { x: 10, y: 10, width: 300, height: 200 },
    pixelRect,
  });
  assert.deepEqual(reply, { ok: true });
  assert.deepEqual(await selected, { displayId: 'main', dipRect: { x: 10, y: 10, width: 300, height: 200 } });
  assert.ok([...open.values()].every((w) => w.closed));
});

test('a selection claimed for another display, or a tiny one, is refused and the overlays stay', () => {
  const { factory, open } = fakeFactory();
  const overlays = new OverlaySessions(factory, () => 'en');
  void overlays.select(captures, displays);
  assert.deepEqual(
    overlays.confirm(100, { displayId: 'main', dipRect: { x: 10, y: 10, width: 30, height: 20 }, pixelRect }),
    {
      ok: false,
      refusal: 'other-display',
      reason: 'A selection must stay on one display.',
    },
  );
  assert.deepEqual(
    overlays.confirm(101, { displayId: 'main', dipRect: { x: 10, y: 10, width: 1, height: 20 }, pixelRect }),
    {
      ok: false,
      refusal: 'bad-selection',
      reason: 'The selection is only 1x20 pixels: select a larger region.',
    },
  );
  assert.ok([...open.values()].every((w) => !w.closed));
});

test('cancel, or a window closed by the system, ends the capture on every display', async () => {
  const first = fakeFactory();
  const overlays = new OverlaySessions(first.factory, () => 'en');
  const cancelled = overlays.select(captures, displays);
  overlays.cancel();
  assert.equal(await cancelled, undefined);
  assert.ok([...first.open.values()].every((w) => w.closed));

  const second = fakeFactory();
  const closedBySystem = new OverlaySessions(second.factory, () => 'en');
  const result = closedBySystem.select(captures, displays);
  second.open.get(100)?.onClosed();
  assert.equal(await result, undefined);
  assert.ok(second.open.get(101)?.closed);
  assert.deepEqual(
    closedBySystem.confirm(101, { displayId: 'main', dipRect: { x: 0, y: 0, width: 50, height: 50 }, pixelRect }),
    {
      ok: false,
      refusal: 'capture-over',
      reason: 'This capture is over. Capture again.',
    },
  );
});

test('a window appears only when its own page says its frame is painted', () => {
  const { factory, open } = fakeFactory();
  const overlays = new OverlaySessions(factory, () => 'en');
  void overlays.select(captures, displays);
  assert.deepEqual(
    [...open.values()].map((w) => w.shown),
    [false, false],
    'hidden while the frames decode',
  );
  overlays.painted(101);
  assert.deepEqual(
    [...open.values()].map((w) => w.shown),
    [false, true],
  );
  overlays.painted(999);
  assert.equal(open.get(100)?.shown, false, 'a sender that is not one of our overlays shows nothing');
});

test("each frame carries the app's language as it is when the page asks, so the overlays speak it", () => {
  const { factory } = fakeFactory();
  let language: 'en' | 'fr' = 'fr';
  const overlays = new OverlaySessions(factory, () => language);
  void overlays.select(captures, displays);
  assert.equal(overlays.frame(100)?.language, 'fr');
  language = 'en';
  assert.equal(overlays.frame(101)?.language, 'en');
});
