// The app started as the `sightline` command (cli-invocation.ts): it answers
// the command and exits with its code, opening no window, tray or shortcut,
// and without the single-instance lock, so a command runs beside the running
// app instead of handing over to it. The command is the CLI's own code, the
// built dist/cli/run-sightline.js, loaded by path (main/ may not import cli/),
// with the app's models folder and engine launcher: the engine is a utility
// process, as in the app, since this binary cannot run as Node (its RunAsNode
// fuse is off).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app } from 'electron';
import type { CliHost, RunSightline } from '../host/cli-host.js';
import { modelsRootIn } from '../host/models/index.js';
import { createUtilityLauncher } from './app/utility-launcher.js';
import { engineEntry } from './windows/paths.js';

/** dist/main/index.js loads dist/cli/run-sightline.js, beside it in the asar. */
const commandModule = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'run-sightline.js');

/** Runs the command, then ends the process with its exit code. */
export async function runCommandLine(argv: string[]): Promise<void> {
  // No Dock icon on macOS, and no GPU process for a command that draws nothing.
  app.dock?.hide();
  app.disableHardwareAcceleration();
  let code: number;
  try {
    // Utility processes start only once the app is ready.
    await app.whenReady();
    exitOnUnhandledInterrupt();
    const runInApp = await loadCommand();
    code = await runInApp(argv, appCliHost());
  } catch (error) {
    process.stderr.write(`sightline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 1;
  }
  // What is written reaches the pipe or terminal before the process ends.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  app.exit(code);
}

async function loadCommand(): Promise<RunSightline> {
  const loaded = (await import(pathToFileURL(commandModule).href)) as { runInApp?: unknown };
  if (typeof loaded.runInApp !== 'function') throw new Error(`${commandModule} does not export runInApp.`);
  return loaded.runInApp as RunSightline;
}

function appCliHost(): CliHost {
  const env = process.env;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Only `ask --chat` reads it: opened when asked for.
    get stdin() {
      return process.stdin;
    },
    env,
    version: app.getVersion(),
    modelsRoot: env.SIGHTLINE_MODELS_DIR
      ? path.resolve(env.SIGHTLINE_MODELS_DIR)
      : modelsRootIn(app.getPath('userData')),
    engineLauncher: (output) => createUtilityLauncher({ entry: engineEntry, env: output.env, log: output.log }),
  };
}

/**
 * Ctrl+C ends the command at once with 130, as a shell expects, unless the
 * command is handling it (an answer stops, a download pauses). Set after the
 * app is ready: Chromium's own handler, installed during startup, would
 * otherwise quit the app with 0.
 */
function exitOnUnhandledInterrupt(): void {
  const onInterrupt = () => {
    if (process.listenerCount('SIGINT') === 1) app.exit(130);
  };
  process.on('SIGINT', onInterrupt);
}

function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
