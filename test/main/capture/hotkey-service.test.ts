import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HotkeyService, type ShortcutPort } from '../../../main/capture/hotkey-service.js';
import { acceleratorProblem, defaultCaptureAccelerator } from '../../../common/accelerator.js';

function fakeShortcuts(taken: string[] = []) {
  const registered = new Map<string, () => void>();
  const port: ShortcutPort = {
    register: (accelerator, callback) => {
      if (taken.includes(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void registered.delete(accelerator),
  };
  return { port, registered };
}

test('the shortcut triggers a capture, and a new one replaces it', () => {
  const { port, registered } = fakeShortcuts();
  let presses = 0;
  const hotkey = new HotkeyService(port, () => presses++);
  assert.deepEqual(hotkey.use('Alt+Shift+S'), { ok: true, accelerator: 'Alt+Shift+S' });
  registered.get('Alt+Shift+S')?.();
  assert.equal(presses, 1);
  assert.equal(hotkey.use('Ctrl+Alt+F9').ok, true);
  assert.deepEqual([...registered.keys()], ['Ctrl+Alt+F9']);
});

test('a shortcut taken by another app is reported and the previous one keeps working', () => {
  const { port, registered } = fakeShortcuts(['Ctrl+Alt+S']);
  const hotkey = new HotkeyService(port, () => undefined);
  hotkey.use('Alt+Shift+S');
  const result = hotkey.use('Ctrl+Alt+S');
  assert.equal(result.ok, false);
  assert.match(
    result.ok ? '' : result.reason,
    /Ctrl\+Alt\+S is already used by the system or another app\. Choose another shortcut/,
  );
  assert.equal(hotkey.accelerator, 'Alt+Shift+S');
  assert.deepEqual([...registered.keys()], ['Alt+Shift+S']);
});

test('shortcuts that would break typing or are not keys are refused with a reason', () => {
  assert.match(acceleratorProblem('S') ?? '', /Add a modifier/);
  assert.match(acceleratorProblem('Shift+S') ?? '', /Shift alone/);
  assert.match(acceleratorProblem('Hyper+S') ?? '', /"Hyper" is not a modifier/);
  assert.match(acceleratorProblem('Ctrl+Alt+') ?? '', /incomplete/);
  assert.match(acceleratorProblem('Ctrl+Banana') ?? '', /"Banana" is not a key/);
  assert.equal(acceleratorProblem('F9'), undefined);
  assert.equal(acceleratorProblem('CommandOrControl+Shift+Space'), undefined);
});

test('the defaults avoid the OS screenshot keys', () => {
  assert.equal(defaultCaptureAccelerator('darwin'), 'Command+Shift+2');
  assert.equal(defaultCaptureAccelerator('win32'), 'Alt+Shift+S');
  assert.equal(defaultCaptureAccelerator('linux'), 'Alt+Shift+S');
  for (const platform of ['darwin', 'win32', 'linux'])
    assert.equal(acceleratorProblem(defaultCaptureAccelerator(platform)), undefined);
});

test('the repeat shortcut: registered when chosen, unregistered when turned off, its own tray item named when taken', () => {
  const { port, registered } = fakeShortcuts(['Ctrl+Alt+P']);
  let repeats = 0;
  const repeat = new HotkeyService(
    port,
    () => repeats++,
    "the tray menu's Capture the Same Region Again works meanwhile",
  );
  assert.equal(repeat.accelerator, undefined, 'off until chosen');
  assert.equal(repeat.use('Ctrl+Alt+R').ok, true);
  registered.get('Ctrl+Alt+R')?.();
  assert.equal(repeats, 1);
  const taken = repeat.use('Ctrl+Alt+P');
  assert.match(taken.ok ? '' : taken.reason, /Capture the Same Region Again works meanwhile/);
  assert.equal(repeat.accelerator, 'Ctrl+Alt+R');
  repeat.clear();
  assert.equal(repeat.accelerator, undefined);
  assert.deepEqual([...registered.keys()], []);
});

test('the capture shortcut cannot take the repeat shortcut’s keys: registering them again fails, both keep theirs', () => {
  const { port, registered } = fakeShortcuts();
  const capture = new HotkeyService(port, () => undefined);
  const repeat = new HotkeyService(port, () => undefined);
  capture.use('Alt+Shift+S');
  repeat.use('Ctrl+Alt+R');
  assert.equal(capture.use('Ctrl+Alt+R').ok, false);
  assert.deepEqual([capture.accelerator, repeat.accelerator], ['Alt+Shift+S', 'Ctrl+Alt+R']);
  assert.deepEqual([...registered.keys()], ['Alt+Shift+S', 'Ctrl+Alt+R']);
});
