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

/** Why an accelerator cannot be a global shortcut, as a code (and the part at fault) a page words itself. */
export type AcceleratorIssue =
  | { code: 'incomplete' | 'repeated-modifier' | 'needs-modifier' | 'shift-alone' }
  | { code: 'unknown-key' | 'unknown-modifier'; part: string };

/** What is wrong with an accelerator, or undefined when it can be a global shortcut. */
export function acceleratorIssue(accelerator: string): AcceleratorIssue | undefined {
  const parts = accelerator.split('+').map((part) => part.trim());
  if (parts.some((part) => part === '')) return { code: 'incomplete' };
  const key = parts.at(-1) ?? '';
  const mods = parts.slice(0, -1);
  if (!isKey(key)) return { code: 'unknown-key', part: key };
  const unknown = mods.find((mod) => !modifiers.has(mod));
  if (unknown) return { code: 'unknown-modifier', part: unknown };
  if (new Set(mods).size !== mods.length) return { code: 'repeated-modifier' };
  // A global shortcut without a modifier would swallow that key in every app.
  if (mods.length === 0 && !/^F([1-9]|1[0-9]|2[0-4])$/.test(key) && key !== 'PrintScreen') {
    return { code: 'needs-modifier' };
  }
  if (mods.length === 1 && mods[0] === 'Shift') return { code: 'shift-alone' };
  return undefined;
}

/** An accelerator issue in English (the hosts' logs and replies; the settings page words the code itself). */
export function describeAcceleratorIssue(issue: AcceleratorIssue): string {
  switch (issue.code) {
    case 'incomplete':
      return 'The shortcut is incomplete.';
    case 'unknown-key':
      return `"${issue.part}" is not a key Sightline can listen for.`;
    case 'unknown-modifier':
      return `"${issue.part}" is not a modifier (use Ctrl, Alt, Shift, Cmd or Super).`;
    case 'repeated-modifier':
      return 'A modifier appears twice.';
    case 'needs-modifier':
      return 'Add a modifier (Ctrl, Alt, Shift, Cmd): on its own this key would stop working in every other app.';
    case 'shift-alone':
      return 'Shift alone would stop a character from being typed anywhere: add Ctrl, Alt or Cmd.';
  }
}

/** The one name of each modifier or key spelled two ways ("Cmd" is "Command", "Esc" is "Escape"). */
const aliases: Record<string, string> = {
  cmd: 'command',
  ctrl: 'control',
  cmdorctrl: 'commandorcontrol',
  option: 'alt',
  esc: 'escape',
  enter: 'return',
};

/**
 * Whether two accelerators name the same keys, whatever the order and
 * spelling of their modifiers; on `platform`, CommandOrControl is the key it
 * stands for there (Command on macOS, Control elsewhere).
 */
export function sameAccelerator(a: string, b: string, platform?: string): boolean {
  const keys = (accelerator: string) => {
    const parts = accelerator.split('+').map((part) => {
      const name = aliases[part.trim().toLowerCase()] ?? part.trim().toLowerCase();
      if (name !== 'commandorcontrol' || platform === undefined) return name;
      return platform === 'darwin' ? 'command' : 'control';
    });
    const key = parts.pop() ?? '';
    return `${[...new Set(parts)].sort().join('+')}|${key}`;
  };
  return keys(a) === keys(b);
}

/** Why an accelerator cannot be a global shortcut, in English, or undefined when it can. */
export function acceleratorProblem(accelerator: string): string | undefined {
  const issue = acceleratorIssue(accelerator);
  return issue && describeAcceleratorIssue(issue);
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
