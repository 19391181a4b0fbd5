// Whether the app was started as the `sightline` command (`sightline ask
// ...`, `Sightline.exe models list`) rather than as the app. process.argv
// holds the executable, then (in development, `electron .`, where
// process.defaultApp is set) the app's folder, then the user's words.
// Chromium switches the user may put first (--no-sandbox, which some Linux
// systems need, or --ozone-platform=...) are passed over; the app's own flags
// (--capture, --catalog) are not, so `sightline --capture` still reaches the
// running app.
import { commandWords } from '../host/cli-host.js';

const appFlags = ['--capture', '--catalog'];

/** The command's words (from its subcommand or flag on), or undefined when the app should start. */
export function commandLineOf(argv: readonly string[], defaultApp: boolean): string[] | undefined {
  const words = argv.slice(defaultApp ? 2 : 1);
  const first = words.findIndex((word) => !isLeadingSwitch(word));
  if (first === -1 || !commandWords.includes(words[first]!)) return undefined;
  return words.slice(first);
}

function isLeadingSwitch(word: string): boolean {
  if (!word.startsWith('--') || commandWords.includes(word)) return false;
  return !appFlags.some((flag) => word === flag || word.startsWith(`${flag}=`));
}
