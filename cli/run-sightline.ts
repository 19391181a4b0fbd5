// The `sightline` command, whichever process runs it: `--version`, `models`,
// `text` and `ask`. The host passes in what differs between Node
// (sightline.ts) and the installed app's main process (main/cli-mode.ts
// loads the built dist/cli/run-sightline.js and calls runInApp): the
// streams, the version, the models folder and the engine's launcher. Nothing
// here loads sharp or the OCR: under Node they run in this process when
// passed in (`here`); otherwise, as in the app, in an engine process
// (engine-jobs.ts).
import type { CliHost, RunSightline } from '../host/cli-host.js';
import type { PrepareImage } from '../host/model-servers/image-payload.js';
import { messageOf } from '../common/message-of.js';
import { askCommand } from './ask-command.js';
import { parseAskArgs, usage, type AskOptions } from './cli-args.js';
import { UsageError } from './command-line.js';
import { EngineJobs } from './engine-jobs.js';
import { modelsCommand } from './models-command.js';
import { textCommand, type ReadImageText } from './text-command.js';

/** Image work done in this process instead of an engine: the Node CLI's. */
export interface InProcessJobs {
  readText: ReadImageText;
  prepareImage: PrepareImage;
}

export async function runSightline(argv: string[], host: CliHost, here?: InProcessJobs): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    host.stdout.write(`sightline ${host.version}\n`);
    return 0;
  }
  if (argv[0] === 'models') {
    // Progress goes to stderr, so whether to draw a bar depends on stderr.
    return modelsCommand(
      argv.slice(1),
      { stdout: host.stdout, stderr: host.stderr, isTTY: host.stderr.isTTY === true },
      { env: host.env, modelsRoot: host.modelsRoot },
    );
  }
  const engineJobs = new EngineJobs(host, argv.includes('--verbose'));
  try {
    if (argv[0] === 'text') {
      return await textCommand(argv.slice(1), host, here?.readText ?? engineJobs.readText);
    }
    return await ask(argv, host, here?.prepareImage ?? engineJobs.prepareImage);
  } finally {
    await engineJobs.dispose();
  }
}

async function ask(argv: string[], host: CliHost, prepareImage: PrepareImage): Promise<number> {
  let options: AskOptions | 'help';
  try {
    options = parseAskArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      host.stderr.write(`sightline: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    host.stdout.write(`${usage}\n`);
    return 0;
  }
  try {
    return await askCommand(host, options, prepareImage);
  } catch (error) {
    host.stderr.write(`sightline: ${messageOf(error)}\n`);
    return 1;
  }
}

/** What the app's main process calls (main/cli-mode.ts): image work in the engine, as in the app. */
export const runInApp: RunSightline = (argv, host) => runSightline(argv, host);
