import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cutsFromDesktop,
  desktopPixelSize,
  planDisplayPictures,
  type SourcePicture,
} from '../../common/display-pictures.js';
import type { DisplayGeometry } from '../../common/geometry.js';

// What the Wayland portal returns instead of one picture per display: one
// picture of the whole desktop, or fewer pictures than displays. Each display
// must still get its own part, at its place in the layout.
const display = (
  id: string,
  x: number,
  y: number,
  width: number,
  height: number,
  scaleFactor = 1,
): DisplayGeometry => ({
  id,
  bounds: { x, y, width, height },
  scaleFactor,
});
const picture = (width: number, height: number, displayId = ''): SourcePicture => ({ displayId, width, height });

const sideBySide = [display('1', 0, 0, 1920, 1080), display('2', 1920, 0, 1920, 1080)];

test('one picture per display, paired by id, is used whole as before', () => {
  const plan = planDisplayPictures(sideBySide, [picture(1920, 1080, '2'), picture(1920, 1080, '1')]);
  assert.deepEqual(plan, { kind: 'per-display', cuts: [{ source: 1 }, { source: 0 }] });
});

test('one picture per display without ids is paired in order, as before', () => {
  const plan = planDisplayPictures(sideBySide, [picture(1920, 1080), picture(1920, 1080)]);
  assert.deepEqual(plan, { kind: 'per-display', cuts: [{ source: 0 }, { source: 1 }] });
});

test('a single display with its picture is the ordinary case', () => {
  const plan = planDisplayPictures([display('7', 0, 0, 1440, 900, 2)], [picture(2880, 1800, '7')]);
  assert.deepEqual(plan, { kind: 'per-display', cuts: [{ source: 0 }] });
});

test('one picture of two displays side by side: each display is its half', () => {
  const plan = planDisplayPictures(sideBySide, [picture(3840, 1080)]);
  assert.equal(plan.kind, 'whole-desktop');
  assert.deepEqual(plan.kind === 'whole-desktop' && plan.cuts.map((cut) => cut.rect), [
    { x: 0, y: 0, width: 1920, height: 1080 },
    { x: 1920, y: 0, width: 1920, height: 1080 },
  ]);
});

test('one picture of two stacked displays: each display is its row band', () => {
  const stacked = [display('1', 0, 0, 1280, 800), display('2', 0, 800, 1280, 1024)];
  const rects = cutsFromDesktop(stacked, { width: 1280, height: 1824 });
  assert.deepEqual(rects, [
    { x: 0, y: 0, width: 1280, height: 800 },
    { x: 0, y: 800, width: 1280, height: 1024 },
  ]);
  assert.equal(planDisplayPictures(stacked, [picture(1280, 1824)]).kind, 'whole-desktop');
});

test('a picture asked at one display’s size but showing the whole desktop is recognised by its shape', () => {
  // The portal scaled the whole desktop (3840×1080) to fit the 1920×1080 asked for.
  const plan = planDisplayPictures(sideBySide, [picture(1920, 540)]);
  assert.equal(plan.kind, 'whole-desktop');
  assert.deepEqual(desktopPixelSize(sideBySide), { width: 3840, height: 1080 });
});

test('different scale factors: the desktop is asked at the finest, and each display cut in proportion', () => {
  const mixed = [display('1', 0, 0, 1440, 900, 2), display('2', 1440, 0, 1920, 1080, 1)];
  const size = desktopPixelSize(mixed);
  assert.deepEqual(size, { width: 6720, height: 2160 });
  const rects = cutsFromDesktop(mixed, size);
  assert.deepEqual(rects, [
    { x: 0, y: 0, width: 2880, height: 1800 },
    { x: 2880, y: 0, width: 3840, height: 2160 },
  ]);
});

test('negative origins: a display left of and above the primary', () => {
  const layout = [display('1', 0, 0, 1920, 1080), display('2', -1280, -200, 1280, 1024)];
  const rects = cutsFromDesktop(layout, { width: 3200, height: 1280 });
  assert.deepEqual(rects, [
    { x: 1280, y: 200, width: 1920, height: 1080 },
    { x: 0, y: 0, width: 1280, height: 1024 },
  ]);
});

test('a whole-desktop picture of another size is cut proportionally, edges shared', () => {
  // The desktop at 1.5x (a fractional scale the portal chose): 5760×1620.
  const rects = cutsFromDesktop(sideBySide, { width: 5760, height: 1620 });
  assert.deepEqual(rects, [
    { x: 0, y: 0, width: 2880, height: 1620 },
    { x: 2880, y: 0, width: 2880, height: 1620 },
  ]);
});

test('two pictures for three displays, one of them the whole desktop: all three are cut from it', () => {
  const three = [...sideBySide, display('3', 3840, 0, 1920, 1080)];
  const plan = planDisplayPictures(three, [picture(1920, 1080), picture(5760, 1080)]);
  assert.equal(plan.kind, 'whole-desktop');
  assert.ok(plan.kind === 'whole-desktop');
  assert.equal(plan.source, 1);
  assert.deepEqual(
    plan.cuts.map((cut) => cut.rect?.x),
    [0, 1920, 3840],
  );
});

test('two pictures of one display each, for three displays: a clear error saying what came back', () => {
  const three = [...sideBySide, display('3', 3840, 0, 1920, 1080)];
  const plan = planDisplayPictures(three, [picture(1920, 1080), picture(1920, 1080)]);
  assert.equal(plan.kind, 'unmatched');
  assert.ok(plan.kind === 'unmatched');
  assert.match(plan.reason, /returned 2 pictures \(1920×1080, 1920×1080\) for 3 displays/);
  assert.match(plan.reason, /Each picture shows one display/);
  assert.match(plan.reason, /choose the entire screen/);
});

test('fewer pictures of a size that fits nothing: the largest is taken as the whole desktop', () => {
  const plan = planDisplayPictures(sideBySide, [picture(1000, 700)]);
  assert.equal(plan.kind, 'whole-desktop');
});

test('no picture at all: the error says so', () => {
  const plan = planDisplayPictures(sideBySide, []);
  assert.ok(plan.kind === 'unmatched');
  assert.match(plan.reason, /returned no picture for 2 displays/);
});
