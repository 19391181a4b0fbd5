import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceleratorProblem } from '../../../../common/accelerator.js';
import { acceleratorOf, describeAccelerator } from '../../../../renderer/chat/settings/keys.js';

// The shortcut field turns key presses into Electron accelerators.
const press = (
  code: string,
  key: string,
  mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {},
) => ({
  code,
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

test('key presses become accelerators Electron accepts', () => {
  assert.equal(acceleratorOf(press('KeyK', 'k', { ctrlKey: true, altKey: true }), 'linux'), 'Ctrl+Alt+K');
  // The physical key counts, not what Shift or AltGr make of it.
  assert.equal(acceleratorOf(press('Digit2', '@', { metaKey: true, shiftKey: true }), 'darwin'), 'Command+Shift+2');
  assert.equal(acceleratorOf(press('F5', 'F5'), 'win32'), 'F5');
  assert.equal(acceleratorOf(press('ArrowUp', 'ArrowUp', { ctrlKey: true }), 'linux'), 'Ctrl+Up');
  assert.equal(acceleratorOf(press('Slash', '/', { altKey: true }), 'linux'), 'Alt+/');
  assert.equal(
    acceleratorOf(press('ShiftLeft', 'Shift', { shiftKey: true }), 'linux'),
    undefined,
    'modifiers alone wait',
  );
  for (const accelerator of ['Ctrl+Alt+K', 'Command+Shift+2', 'F5', 'Ctrl+Up', 'Alt+/']) {
    assert.equal(acceleratorProblem(accelerator), undefined, accelerator);
  }
  assert.equal(describeAccelerator('CommandOrControl+Shift+2', 'darwin'), 'Command + Shift + 2');
  assert.equal(describeAccelerator('CommandOrControl+Shift+2', 'linux'), 'Ctrl + Shift + 2');
  assert.equal(describeAccelerator('CommandOrControl+Shift+Space', 'linux', 'fr'), 'Ctrl + Maj + Espace');
});
