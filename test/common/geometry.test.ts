import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boundingRect,
  displayForSelection,
  expectedCaptureSize,
  selectionToCapturePixels,
  type DisplayGeometry,
  type Rect,
} from '../../common/geometry.js';

const display = (
  id: string,
  x: number,
  y: number,
  width: number,
  height: number,
  scaleFactor: number,
): DisplayGeometry => ({
  id,
  bounds: { x, y, width, height },
  scaleFactor,
});

function crop(selection: Rect, d: DisplayGeometry, capture = expectedCaptureSize(d)): Rect {
  const result = selectionToCapturePixels(selection, d, capture);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.rect;
}

test('each scale factor maps a selection to its device pixels', () => {
  const cases: [number, Rect, Rect][] = [
    [1, { x: 10, y: 20, width: 300, height: 100 }, { x: 10, y: 20, width: 300, height: 100 }],
    [1.25, { x: 10, y: 20, width: 300, height: 100 }, { x: 13, y: 25, width: 375, height: 125 }],
    [1.5, { x: 11, y: 21, width: 301, height: 101 }, { x: 17, y: 32, width: 451, height: 151 }],
    [1.75, { x: 4, y: 4, width: 8, height: 8 }, { x: 7, y: 7, width: 14, height: 14 }],
    [2, { x: 10, y: 20, width: 300, height: 100 }, { x: 20, y: 40, width: 600, height: 200 }],
    [3, { x: 10, y: 20, width: 300, height: 100 }, { x: 30, y: 60, width: 900, height: 300 }],
  ];
  for (const [scale, selection, expected] of cases) {
    assert.deepEqual(crop(selection, display('d', 0, 0, 1280, 800, scale)), expected, `scale ${scale}`);
  }
});

test('the whole display is the whole capture at every scale, even odd sizes', () => {
  for (const scale of [1, 1.25, 1.5, 1.75, 2, 3]) {
    for (const [w, h] of [
      [1280, 800],
      [1366, 768],
      [1001, 999],
    ] as const) {
      const d = display('d', -w, 37, w, h, scale);
      const capture = expectedCaptureSize(d);
      assert.deepEqual(crop(d.bounds, d, capture), { x: 0, y: 0, ...capture }, `${w}x${h}@${scale}`);
    }
  }
});

test('mixed-scale layouts with displays left of and above the primary', () => {
  const primary = display('primary', 0, 0, 1920, 1080, 1);
  const left = display('left', -1280, 200, 1280, 800, 2);
  const above = display('above', 0, -1200, 1920, 1200, 1.5);
  const displays = [primary, left, above];
  const onLeft = { x: -1270, y: 210, width: 100, height: 50 };
  const found = displayForSelection(onLeft, displays);
  assert.ok(found.ok && found.display.id === 'left');
  assert.deepEqual(crop(onLeft, left), { x: 20, y: 20, width: 200, height: 100 });
  const onAbove = { x: 100, y: -1100, width: 200, height: 100 };
  assert.deepEqual(crop(onAbove, above), { x: 150, y: 150, width: 300, height: 150 });
  const spanning = displayForSelection({ x: -50, y: 300, width: 100, height: 100 }, displays);
  assert.deepEqual(spanning, { ok: false, reason: 'A selection must stay on one display.' });
  assert.equal(displayForSelection({ x: 5000, y: 5000, width: 10, height: 10 }, displays).ok, false);
});

test('selections that share an edge share it in pixels: nothing lost, nothing doubled', () => {
  const d = display('d', 0, 0, 1280, 800, 1.25);
  for (let split = 2; split < 1278; split += 7) {
    const a = crop({ x: 0, y: 0, width: split, height: 800 }, d);
    const b = crop({ x: split, y: 0, width: 1280 - split, height: 800 }, d);
    assert.equal(a.x + a.width, b.x, `split at ${split}`);
    assert.equal(a.width + b.width, 1600);
  }
});

test('a capture a pixel off from bounds x scale still maps inside it', () => {
  const d = display('d', 0, 0, 1280, 800, 1.25);
  const rect = crop({ x: 0, y: 0, width: 1280, height: 800 }, d, { width: 1599, height: 1001 });
  assert.deepEqual(rect, { x: 0, y: 0, width: 1599, height: 1001 });
});

test('empty and 1-pixel selections are refused with a reason', () => {
  const d = display('d', 0, 0, 1280, 800, 1);
  const empty = selectionToCapturePixels({ x: 10, y: 10, width: 0, height: 40 }, d, expectedCaptureSize(d));
  assert.deepEqual(empty, { ok: false, reason: 'The selection is empty: drag to select a region.' });
  const line = selectionToCapturePixels({ x: 10, y: 10, width: 1, height: 40 }, d, expectedCaptureSize(d));
  assert.deepEqual(line, { ok: false, reason: 'The selection is only 1x40 pixels: select a larger region.' });
  assert.equal(
    selectionToCapturePixels({ x: Number.NaN, y: 0, width: 5, height: 5 }, d, expectedCaptureSize(d)).ok,
    false,
  );
});

test('property: every accepted crop lies inside the capture', () => {
  // A fixed-seed generator: the same cases every run.
  let state = 0x2545f491;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const scales = [1, 1.25, 1.5, 1.75, 2, 3];
  for (let i = 0; i < 5000; i++) {
    const d = display(
      'd',
      Math.round((random() - 0.5) * 6000),
      Math.round((random() - 0.5) * 4000),
      200 + Math.floor(random() * 3600),
      200 + Math.floor(random() * 2000),
      scales[Math.floor(random() * scales.length)] ?? 1,
    );
    const capture = expectedCaptureSize(d);
    capture.width += Math.floor(random() * 3) - 1;
    capture.height += Math.floor(random() * 3) - 1;
    const x = d.bounds.x + random() * d.bounds.width;
    const y = d.bounds.y + random() * d.bounds.height;
    const selection = {
      x,
      y,
      width: random() * (d.bounds.x + d.bounds.width - x),
      height: random() * (d.bounds.y + d.bounds.height - y),
    };
    const result = selectionToCapturePixels(selection, d, capture);
    if (!result.ok) continue;
    const { rect } = result;
    assert.ok(
      rect.x >= 0 && rect.y >= 0 && rect.width >= 2 && rect.height >= 2,
      JSON.stringify({ d, selection, rect }),
    );
    assert.ok(
      rect.x + rect.width <= capture.width && rect.y + rect.height <= capture.height,
      JSON.stringify({ d, capture, selection, rect }),
    );
    assert.ok(Number.isInteger(rect.x) && Number.isInteger(rect.width));
  }
});

test('the bounding rectangle of several holds each of them, and no more', () => {
  const rects = [
    { x: 10, y: 40, width: 5, height: 5 },
    { x: -20, y: 0, width: 10, height: 100 },
    { x: 30, y: 90, width: 20, height: 30 },
  ];
  assert.deepEqual(boundingRect(rects), { x: -20, y: 0, width: 70, height: 120 });
  assert.deepEqual(boundingRect([rects[0]!]), rects[0]);
});
