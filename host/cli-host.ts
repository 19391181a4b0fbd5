// What the `sightline` command needs from the process that runs it. Two
// processes do: Node running the command-line tool (cli/sightline.ts), and the
// installed app's main process started with a command line
// (main/cli-mode.ts), where the engine is an Electron utility process. main/
// may not import cli/, so the contract both sides compile against lives here;
// the app loads the built command (dist/cli/run-sightline.js) by path.
import type { EngineLog } from './engine-host/engine-log.js';
import type { EngineLauncher } from './engine-host/engine-process.js';

/** stdout or stderr: a terminal says so with isTTY. */
export type CliOutput = NodeJS.WritableStream & { readonly isTTY?: boolean };

export interface CliHost {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Where `ask --chat` reads its follow-up questions. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Sightline's version, as `sightline --version` prints it. */
  readonly version: string;
  /** The models folder when no --models-dir is given: the app's own (SIGHTLINE_MODELS_DIR overrides it). */
  readonly modelsRoot: string;
  /** Starts engines whose native output goes to `log`, with `env` as their environment. */
  engineLauncher(output: { env: NodeJS.ProcessEnv; log: EngineLog }): EngineLauncher;
}

/** The command's entry: the words after `sightline`; resolves with the exit code. */
export type RunSightline = (argv: string[], host: CliHost) => Promise<number>;

/** The words that make a command line: the subcommands, and the flags the command itself answers. */
export const commandWords: readonly string[] = ['ask', 'models', 'text', '--version', '-v', '--help', '-h'];
