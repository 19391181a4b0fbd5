// Global shortcut accelerators, checked before they reach Electron so a typo
// in Settings gets a reason instead of a silent failure.

const modifiers = new Set([
  'Command',
  'Cmd',
  'Control',
  'Ctrl',
  'CommandOrControl',
  'CmdOrCtrl',
  'Alt',
  'Option',
  'AltGr',
  'Shift',
  'Super',
  'Meta',
]);

const namedKeys = new Set([
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'PrintScreen',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
]);

function isKey(part: string): boolean {
  return (
    /^[A-Za-z0-9]$/.test(part) ||
    /^F([1-9]|1[0-9]|2[0-4])$/.test(part) ||
    namedKeys.has(part) ||
    /^[)!@#$%^&*(:;<=>?~{}|_"'`,./[\]\\-]$/.test(part)
  );
}

/** Why an accelerator cannot be a global shortcut, or undefined when it can. */
export function acceleratorProblem(accelerator: string): string | undefined {
  const parts = accelerator.split('+').map((part) => part.trim());
  if (parts.some((part) => part === '')) return 'The shortcut is incomplete.';
  const key = parts.at(-1) ?? '';
  const mods = parts.slice(0, -1);
  if (!isKey(key)) return `"${key}" is not a key Sightline can listen for.`;
  const unknown = mods.find((mod) => !modifiers.has(mod));
  if (unknown) return `"${unknown}" is not a modifier (use Ctrl, Alt, Shift, Cmd or Super).`;
  if (new Set(mods).size !== mods.length) return 'A modifier appears twice.';
  // A global shortcut without a modifier would swallow that key in every app.
  if (mods.length === 0 && !/^F([1-9]|1[0-9]|2[0-4])$/.test(key) && key !== 'PrintScreen') {
    return 'Add a modifier (Ctrl, Alt, Shift, Cmd): on its own this key would stop working in every other app.';
  }
  if (mods.length === 1 && mods[0] === 'Shift')
    return 'Shift alone would stop a character from being typed anywhere: add Ctrl, Alt or Cmd.';
  return undefined;
}

/**
 * The default capture shortcut per platform. Chosen clear of the OS's own
 * screenshot keys (Cmd+Shift+3/4/5 on macOS, Win+Shift+S and PrintScreen on
 * Windows, PrintScreen on Linux desktops) and of the common editor, browser
 * and terminal bindings that Ctrl+Shift+letter collide with.
 */
export function defaultCaptureAccelerator(platform: string): string {
  return platform === 'darwin' ? 'Command+Shift+2' : 'Alt+Shift+S';
}
