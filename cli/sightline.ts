// `sightline` under Node: the command-line tool of a source checkout (npm's
// bin, dist/cli/sightline.js) and its tests. The command itself is
// run-sightline.ts, shared with the installed app, which runs it in its main
// process (main/cli-mode.ts). Here the engine is a Node child process, and
// an image's text and a model server's image are prepared in this process.
import type { CliHost } from '../host/cli-host.js';
import { createNodeLauncher } from '../host/engine-host/node-launcher.js';
import { directPrepareImage } from '../host/model-servers/direct-prepare-image.js';
import { defaultModelsRoot } from '../host/models/index.js';
import { appVersion } from './app-version.js';
import { engineEntry } from './engine-entry.js';
import { runSightline } from './run-sightline.js';
import { readTextHere } from './text-here.js';

async function main(argv: string[]): Promise<number> {
  const { entry, execArgv } = engineEntry();
  const host: CliHost = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    version: await appVersion(),
    modelsRoot: defaultModelsRoot(process.env),
    engineLauncher: ({ env, log }) => createNodeLauncher({ entry, execArgv, env, log }),
  };
  return runSightline(argv, host, { readText: readTextHere, prepareImage: directPrepareImage });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sightline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
