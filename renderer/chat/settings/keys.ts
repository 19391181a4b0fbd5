// From a key press in the shortcut field to an Electron accelerator
// ("Ctrl+Alt+K"). Reads event.code for the key, so the same physical keys
// give the same shortcut whatever the keyboard layout types with Shift or
// AltGr. Pure: tested without a browser.

export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const namedCodes: Record<string, string> = {
  Space: 'Space',
  Enter: 'Return',
  NumpadEnter: 'Return',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  PrintScreen: 'PrintScreen',
  Minus: '-',
  Equal: '=',
  Comma: ',',
  Period: '.',
  Slash: '/',
  Semicolon: ';',
  Quote: "'",
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Backquote: '`',
};

const modifierKeys = new Set(['Control', 'Alt', 'AltGraph', 'Shift', 'Meta', 'OS', 'Super', 'Hyper']);

/** The key part of an accelerator for this press; undefined for a lone modifier or a key with no name. */
export function keyOf(press: Pick<KeyPress, 'key' | 'code'>): string | undefined {
  if (modifierKeys.has(press.key)) return undefined;
  const letter = /^Key([A-Z])$/.exec(press.code);
  if (letter) return letter[1];
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(press.code);
  if (digit) return press.code.startsWith('Numpad') ? `num${digit[1]}` : digit[1];
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(press.code)) return press.code;
  return namedCodes[press.code];
}

/**
 * The accelerator for a press, or undefined while only modifiers are held.
 * On macOS the Command key is "Command"; elsewhere the Windows/Super key is "Super".
 */
export function acceleratorOf(press: KeyPress, platform: string): string | undefined {
  const key = keyOf(press);
  if (key === undefined) return undefined;
  const parts: string[] = [];
  if (press.metaKey) parts.push(platform === 'darwin' ? 'Command' : 'Super');
  if (press.ctrlKey) parts.push('Ctrl');
  if (press.altKey) parts.push('Alt');
  if (press.shiftKey) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

/** Key names French keyboards print differently (Shift is "Maj" on an AZERTY keyboard). */
const frenchKeys: Record<string, string> = { Shift: 'Maj', Space: 'Espace', Return: 'Entrée', Delete: 'Suppr' };

/**
 * How an accelerator reads on this platform, in words (clearer to screen
 * readers than ⌘⇧ symbols), with the key names of the page's language.
 */
export function describeAccelerator(accelerator: string, platform: string, language = 'en'): string {
  const commandOrControl = platform === 'darwin' ? 'Command' : 'Ctrl';
  const french = language.toLowerCase().startsWith('fr');
  return accelerator
    .replace(/CommandOrControl|CmdOrCtrl/g, commandOrControl)
    .split('+')
    .map((part) => (french ? (frenchKeys[part] ?? part) : part))
    .join(' + ');
}
