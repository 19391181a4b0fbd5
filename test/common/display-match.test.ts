import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchScreens, matchSourcesById } from '../../common/display-match.js';
import type { DisplayGeometry } from '../../common/geometry.js';

const display = (id: string, x: number, y: number, w: number, h: number, scaleFactor = 1): DisplayGeometry => ({
  id,
  bounds: { x, y, width: w, height: h },
  scaleFactor,
});

test('screens are paired with displays by position, whatever the ids and order', () => {
  const displays = [
    display('10', 0, 0, 1920, 1080),
    display('20', 1920, 0, 1920, 1080),
    display('30', -1280, 0, 1280, 1024),
  ];
  const screens = [
    { id: 'DP-2', rect: { x: 1920, y: 0, width: 1920, height: 1080 } },
    { id: 'HDMI-1', rect: { x: -1280, y: 0, width: 1280, height: 1024 } },
    { id: 'eDP-1', rect: { x: 0, y: 0, width: 1920, height: 1080 }, primary: true },
  ];
  assert.deepEqual(
    matchScreens(displays, screens).map((screen) => screen?.id),
    ['eDP-1', 'DP-2', 'HDMI-1'],
  );
});

test('a 2x display beside a 1x one pairs by its pixel rectangle', () => {
  const displays = [display('a', 0, 0, 1440, 900, 2), display('b', 1440, 0, 1920, 1080, 1)];
  const screens = [
    { id: 1, rect: { x: 2880, y: 0, width: 1920, height: 1080 } },
    { id: 0, rect: { x: 0, y: 0, width: 2880, height: 1800 } },
  ];
  assert.deepEqual(
    matchScreens(displays, screens).map((screen) => screen?.id),
    [0, 1],
  );
});

test('without geometry (macOS) displays pair in order; a missing screen is undefined', () => {
  const displays = [display('a', 0, 0, 100, 100), display('b', 100, 0, 100, 100)];
  assert.deepEqual(
    matchScreens(displays, [{ id: 1 }, { id: 2 }]).map((screen) => screen?.id),
    [1, 2],
  );
  assert.deepEqual(
    matchScreens(displays, [{ id: 'x', rect: { x: 0, y: 0, width: 100, height: 100 } }]).map((screen) => screen?.id),
    ['x', undefined],
  );
});

test('desktopCapturer sources pair by display id, or in order where Linux reports none', () => {
  const displays = [display('7', 0, 0, 100, 100), display('9', 100, 0, 100, 100)];
  assert.deepEqual(
    matchSourcesById(displays, [
      { displayId: '9', name: 'b' },
      { displayId: '7', name: 'a' },
    ]).map((s) => s?.name),
    ['a', 'b'],
  );
  assert.deepEqual(
    matchSourcesById(displays, [
      { displayId: '', name: 'first' },
      { displayId: '', name: 'second' },
    ]).map((s) => s?.name),
    ['first', 'second'],
  );
});
