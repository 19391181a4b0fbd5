// `sightline ask`, `sightline models` and `sightline text` (text-command.ts): the engine (or a model server) and
// the model downloads from a terminal. `ask` streams the answer to stdout,
// status and errors to stderr, and with --chat reads follow-up questions from
// stdin (one per line) about the same image. Ctrl+C stops the answer being
// written; a second Ctrl+C quits. What the engine's native libraries print
// goes to a debug log (engine-output.ts), or live with --verbose.
import { access } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { describeBackendPrivacy } from '../common/backend-privacy.js';
import type { RemoteBackendSettings } from '../common/backend-settings.js';
import type { Turn, AnswerRequest } from '../common/engine-protocol.js';
import { describeFallback, providerName } from '../common/device-choice.js';
import { CodedError } from '../common/coded-error.js';
import { EngineHost, type AnswerStream } from '../host/engine-host/engine-host.js';
import { createNodeLauncher } from '../host/engine-host/node-launcher.js';
import { answerEnd, cliTimeoutAdvice, parseAskArgs, usage, type AskOptions } from './cli-args.js';
import { appVersion } from './app-version.js';
import { UsageError } from './command-line.js';
import { engineEntry } from './engine-entry.js';
import { cliEngineOutput, withDetails } from './engine-output.js';
import { modelsCommand } from './models-command.js';
import { textCommand } from './text-command.js';
import { defaultModelsRoot, findInstalledModel, loadCatalog } from '../host/models/index.js';
import { defaultInstalledModel } from './default-model.js';
import { createRemoteBackend } from '../host/model-servers/create-backend.js';
import { directPrepareImage } from '../host/model-servers/direct-prepare-image.js';
import { MemorySecretStore } from '../host/secrets/secret-store.js';
import { messageOf } from '../common/message-of.js';

class CliError extends Error {}

async function streamAnswer(
  answer: AnswerStream,
  explain: Answerer['explain'],
): Promise<{ text: string; ok: boolean }> {
  let text = '';
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    answer.stop();
  };
  process.on('SIGINT', onSigint);
  try {
    for await (const event of answer) {
      if (event.type === 'delta') {
        text += event.text;
        process.stdout.write(event.text);
      } else if (event.type === 'done') {
        process.stdout.write('\n');
        if (event.reason === 'stopped') process.stderr.write('(stopped)\n');
        if (event.reason === 'length') process.stderr.write('(the answer reached --max-tokens)\n');
        return { text, ok: true };
      } else if (event.type === 'error') {
        if (text) process.stdout.write('\n');
        process.stderr.write(`sightline: ${await explain(event.error.message)}\n`);
        return { text, ok: false };
      }
    }
    return { text, ok: false };
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * --model is a folder, or the id of an installed model (`sightline models
 * list`), which resolves to its folder in the models directory.
 */
async function resolveModel(model: string, dtype: AskOptions['dtype']): Promise<string> {
  const folder = path.resolve(model);
  try {
    await access(folder);
    return folder;
  } catch {
    // Not a folder: perhaps a catalog id.
  }
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(model)) return folder;
  const root = defaultModelsRoot();
  const installed = await findInstalledModel(root, model, {
    ...(dtype ? { dtype } : {}),
    preferred: ['q8', 'fp32', 'fp16'],
  });
  if (installed) return installed.dir;
  throw new CliError(
    `No model folder ${folder}, and no installed model "${model}" in ${root}. Try: sightline models pull ${model}`,
  );
}

/** Without --model: the installed model the app would use, or advice to download one. */
async function defaultModelDir(): Promise<string> {
  const root = defaultModelsRoot();
  const model = await defaultInstalledModel(root, process.env);
  if (!model) {
    throw new CliError(
      `No model is installed in ${root}. Download the recommended one: sightline models pull ${loadCatalog().defaultModel}`,
    );
  }
  process.stderr.write(`Using ${model.manifest.displayName} (${model.id}, installed)\n`);
  return model.dir;
}

/** Whatever answers: the local engine or a model server. */
interface Answerer {
  ask(request: AnswerRequest): AnswerStream;
  /** A failure's sentence, with where to read more when there is more. */
  explain(sentence: string): Promise<string>;
  dispose(): Promise<void> | void;
}

async function openLocal(options: AskOptions & { modelDir: string }): Promise<Answerer> {
  const modelDir = await resolveModel(options.modelDir, options.dtype);
  const { entry, execArgv } = engineEntry();
  const output = cliEngineOutput(options.verbose);
  const explain = (sentence: string) => withDetails(sentence, output.log);
  const host = new EngineHost({
    launcher: createNodeLauncher({ entry, execArgv, env: output.env, log: output.log }),
  });
  const dispose = async () => {
    await host.dispose();
    // After the engine is gone: the rest of its output is in, and an empty log is removed.
    await output.log.close();
  };
  host.on('engine-crashed', (crash) => void explain(crash.description).then(warn));
  host.on('engine-gave-up', ({ reason }) => void explain(reason).then(warn));
  try {
    const status = await host.load({
      modelDir,
      device: options.device,
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.dtype ? { dtype: options.dtype } : {}),
    });
    process.stderr.write(`${status.family} on ${providerName(status.provider)} (${status.dtype})\n`);
    if (status.fallback) process.stderr.write(`${await explain(describeFallback(status.provider, status.fallback))}\n`);
  } catch (error) {
    const message = error instanceof CodedError ? await explain(error.message) : undefined;
    await dispose();
    if (message !== undefined) throw new CliError(message);
    throw error;
  }
  return { ask: (request) => host.ask(request), explain, dispose };
}

function warn(sentence: string): void {
  process.stderr.write(`sightline: ${sentence}\n`);
}

/**
 * A model server: checked first (reachable, model there, reads images), and
 * the user told where the image goes. The key comes from an environment
 * variable, never from an argument (arguments show in `ps`).
 */
async function openRemote(settings: RemoteBackendSettings, apiKeyEnv: string | undefined): Promise<Answerer> {
  const secrets = new MemorySecretStore();
  if (apiKeyEnv !== undefined) {
    const key = process.env[apiKeyEnv];
    if (!key) throw new CliError(`The environment variable ${apiKeyEnv} (--api-key-env) is empty or not set.`);
    await secrets.set('cli', key);
  }
  const backend = createRemoteBackend(settings, {
    secrets,
    prepareImage: directPrepareImage,
    timeoutAdvice: cliTimeoutAdvice,
  });
  process.stderr.write(`${describeBackendPrivacy(settings).sentence}\n`);
  const report = await backend.checkConnection();
  if (!report.ok) throw new CliError(report.summary);
  process.stderr.write(`${report.summary}\n`);
  for (const note of report.notes) process.stderr.write(`${note}\n`);
  return {
    ask: (request) => backend.ask(request),
    explain: (sentence) => Promise.resolve(sentence),
    dispose: () => backend.dispose(),
  };
}

async function ask(options: AskOptions): Promise<number> {
  const imagePath = path.resolve(options.imagePath);
  try {
    await access(imagePath);
  } catch {
    throw new CliError(`The image ${imagePath} does not exist.`);
  }
  let answerer: Answerer;
  if (options.remote) answerer = await openRemote(options.remote, options.apiKeyEnv);
  else answerer = await openLocal({ ...options, modelDir: options.modelDir ?? (await defaultModelDir()) });
  try {
    const image = { kind: 'path' as const, path: imagePath };
    const conversationId = `cli-${process.pid}`;
    const turns: Turn[] = [];
    let failed = false;
    const askOne = async (question: string) => {
      turns.push({ role: 'user', text: question });
      const result = await streamAnswer(
        answerer.ask({ conversationId, image, turns: [...turns], settings: options.settings }),
        (sentence) => answerer.explain(sentence),
      );
      if (result.ok) turns.push({ role: 'assistant', text: result.text });
      else {
        turns.pop();
        failed = true;
      }
      // A program reading the answers through a pipe learns where each one ends.
      if (options.chat && !process.stdout.isTTY) process.stdout.write(`${answerEnd}\n`);
    };
    if (options.question) await askOne(options.question);
    if (!options.chat) return failed ? 1 : 0;

    const interactive = process.stdin.isTTY === true;
    const lines = readline.createInterface({ input: process.stdin, terminal: false });
    if (interactive) process.stderr.write('Ask a follow-up question (Ctrl+D to quit):\n> ');
    for await (const line of lines) {
      const question = line.trim();
      if (question) {
        failed = false;
        await askOne(question);
      }
      if (interactive) process.stderr.write('> ');
    }
    return failed ? 1 : 0;
  } finally {
    await answerer.dispose();
  }
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write(`sightline ${await appVersion()}\n`);
    return 0;
  }
  if (argv[0] === 'models') {
    // Progress goes to stderr, so whether to draw a bar depends on stderr.
    return modelsCommand(argv.slice(1), {
      stdout: process.stdout,
      stderr: process.stderr,
      isTTY: process.stderr.isTTY === true,
    });
  }
  if (argv[0] === 'text') return textCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr });
  let options: AskOptions | 'help';
  try {
    options = parseAskArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sightline: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  try {
    return await ask(options);
  } catch (error) {
    process.stderr.write(`sightline: ${messageOf(error)}\n`);
    return 1;
  }
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
