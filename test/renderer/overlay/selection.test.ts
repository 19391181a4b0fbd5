import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectionToCapturePixels } from '../../../common/geometry.js';
import { OverlayConfirmReply, OverlayFrame, OverlaySelection } from '../../../common/overlay-contract.js';
import {
  edgeAt,
  measure,
  moveBy,
  resizeBy,
  resizeWithHandle,
  spanEdges,
  spanPixels,
  toDipRect,
  toPixels,
  type Space,
} from '../../../renderer/overlay/selection.js';

// The overlay's selection model under Node: what the page shows is what main crops.

/** Displays at the scale factors systems use, some with a capture a pixel off bounds x scale. */
const spaces: Space[] = [
  [1, 1920, 1080, 1920, 1080, 0, 0],
  [1.25, 1366, 768, 1708, 960, -1366, 0],
  [1.25, 1366, 768, 1707, 960, 1920, -200],
  [1.5, 1280, 800, 1920, 1200, 1280, 0],
  [1.75, 1097, 617, 1920, 1080, 0, 1080],
  [2, 1512, 982, 3024, 1964, 0, 0],
].map(([scaleFactor, width, height, cw, ch, x, y]) => ({
  displayId: String(x),
  bounds: { x: x!, y: y!, width: width!, height: height! },
  scaleFactor: scaleFactor!,
  capture: { width: cw!, height: ch! },
  view: { width: width!, height: height! },
}));

function geometryOf(space: Space) {
  return { id: space.displayId, bounds: space.bounds, scaleFactor: space.scaleFactor };
}

test('every pixel-edge selection survives the trip through DIPs to the pixels main crops', () => {
  for (const space of spaces) {
    const { width, height } = space.capture;
    for (let left = 0; left < width - 2; left += 7) {
      const edges = { left, right: width - (left % 13), top: left % height, bottom: height };
      if (edges.right - edges.left < 2 || edges.bottom - edges.top < 2) continue;
      const shown = measure(space, edges);
      assert.ok(shown.ok, `${space.scaleFactor}: ${JSON.stringify(edges)}`);
      assert.deepEqual(shown.rect, {
        x: edges.left,
        y: edges.top,
        width: edges.right - edges.left,
        height: edges.bottom - edges.top,
      });
      const cropped = selectionToCapturePixels(toDipRect(space, edges), geometryOf(space), space.capture);
      assert.deepEqual(cropped, shown);
    }
  }
});

test('a pointer drag lands on the edges geometry gives the dragged DIP rectangle', () => {
  for (const space of spaces) {
    for (let i = 0; i < 400; i++) {
      // Quarter-DIP pointer positions, ties included.
      const a = { x: ((i * 37) % (space.view.width * 4)) / 4, y: ((i * 53) % (space.view.height * 4)) / 4 };
      const b = { x: ((i * 101) % (space.view.width * 4)) / 4, y: ((i * 71) % (space.view.height * 4)) / 4 };
      const edges = spanEdges(edgeAt(space, toPixels(space, a)), edgeAt(space, toPixels(space, b)));
      const dip = {
        x: space.bounds.x + Math.min(a.x, b.x),
        y: space.bounds.y + Math.min(a.y, b.y),
        width: Math.abs(a.x - b.x),
        height: Math.abs(a.y - b.y),
      };
      assert.deepEqual(measure(space, edges), selectionToCapturePixels(dip, geometryOf(space), space.capture));
    }
  }
});

test('the whole view is the whole capture; tiny selections come with geometry reasons', () => {
  const space = spaces[2]!;
  const whole = spanEdges(
    edgeAt(space, toPixels(space, { x: 0, y: 0 })),
    edgeAt(space, toPixels(space, { x: space.view.width, y: space.view.height })),
  );
  const result = measure(space, whole);
  assert.ok(result.ok);
  assert.deepEqual(result.rect, { x: 0, y: 0, ...space.capture });
  assert.deepEqual(measure(space, null), { ok: false, reason: 'The selection is empty: drag to select a region.' });
  const one = measure(space, spanPixels({ x: 5, y: 5 }, { x: 5, y: 5 }));
  assert.deepEqual(one, { ok: false, reason: 'The selection is only 1x1 pixels: select a larger region.' });
});

test('moves keep the size and stay on the display; resizes stop at empty and at the edge', () => {
  const space = spaces[3]!;
  const edges = { left: 10, top: 20, right: 110, bottom: 70 };
  assert.deepEqual(moveBy(space, edges, -50, 5), { left: 0, top: 25, right: 100, bottom: 75 });
  assert.deepEqual(moveBy(space, edges, 5000, -5000), { left: 1820, top: 0, right: 1920, bottom: 50 });
  assert.deepEqual(resizeBy(space, edges, -500, 10), { left: 10, top: 20, right: 10, bottom: 80 });
  assert.deepEqual(resizeBy(space, edges, 5000, 0), { left: 10, top: 20, right: 1920, bottom: 70 });
  assert.deepEqual(resizeWithHandle(edges, 'n', { x: 999, y: 100 }), { left: 10, top: 70, right: 110, bottom: 100 });
  assert.deepEqual(resizeWithHandle(edges, 'sw', { x: 0, y: 0 }), { left: 0, top: 0, right: 110, bottom: 20 });
});

test('the overlay contract accepts what the page and main exchange and refuses the rest', () => {
  const selection = {
    displayId: '2',
    dipRect: { x: 1381.3333333333333, y: 51.333333333333336, width: 232, height: 206 },
    pixelRect: { x: 152, y: 77, width: 348, height: 309 },
  };
  assert.deepEqual(OverlaySelection.parse(selection), selection);
  assert.equal(
    OverlaySelection.safeParse({ ...selection, pixelRect: { x: 1.5, y: 0, width: 2, height: 2 } }).success,
    false,
  );
  assert.equal(
    OverlaySelection.safeParse({ ...selection, pixelRect: { x: 0, y: 0, width: 0, height: 2 } }).success,
    false,
  );
  const frame = {
    displayId: '1',
    bounds: { x: 0, y: 0, width: 1280, height: 800 },
    scaleFactor: 2,
    captureSize: { width: 2560, height: 1600 },
    language: 'fr',
    image: { format: 'png', bytes: new Uint8Array([0x89, 0x50]) },
  };
  assert.ok(OverlayFrame.safeParse(frame).success);
  const rgba = { format: 'rgba', bytes: new Uint8Array(2560 * 1600 * 4) };
  assert.ok(OverlayFrame.safeParse({ ...frame, image: rgba }).success, 'raw RGBA, 4 bytes a pixel');
  assert.equal(
    OverlayFrame.safeParse({ ...frame, image: { ...rgba, bytes: new Uint8Array(2560 * 1600 * 3) } }).success,
    false,
    'raw pixels that do not fill the capture',
  );
  assert.equal(OverlayFrame.safeParse({ ...frame, image: { format: 'jpeg', bytes: rgba.bytes } }).success, false);
  assert.equal(
    OverlayFrame.safeParse({ ...frame, language: 'de' }).success,
    false,
    'a language the page does not speak',
  );
  assert.equal(
    OverlayFrame.safeParse({ ...frame, image: { format: 'png', bytes: 'data:image/png;base64,' } }).success,
    false,
  );
  assert.equal(OverlayFrame.safeParse({ ...frame, scaleFactor: 0 }).success, false);
  assert.ok(
    OverlayConfirmReply.safeParse({ ok: false, refusal: 'capture-over', reason: 'The display is gone.' }).success,
  );
  assert.equal(OverlayConfirmReply.safeParse({ ok: false, reason: 'The display is gone.' }).success, false, 'no code');
  assert.equal(OverlayConfirmReply.safeParse({ ok: false }).success, false);
});
