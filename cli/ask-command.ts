// `sightline ask`: a question about an image, answered by the local engine or
// a model server. The answer streams to stdout, status and errors to stderr,
// and with --chat follow-up questions come from stdin (one per line) about
// the same image. Ctrl+C stops the answer being written; a second Ctrl+C
// quits. What the engine's native libraries print goes to a debug log
// (engine-output.ts), or live with --verbose. The engine starts through the
// host's launcher: a Node child under Node, a utility process in the app.
import { access } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { describeBackendPrivacy } from '../common/backend-privacy.js';
import type { RemoteBackendSettings } from '../common/backend-settings.js';
import type { Turn, AnswerRequest } from '../common/engine-protocol.js';
import { describeFallback, dtypePreference, providerName } from '../common/device-choice.js';
import { CodedError } from '../common/coded-error.js';
import type { CliHost } from '../host/cli-host.js';
import { EngineHost, type AnswerStream } from '../host/engine-host/engine-host.js';
import { answerEnd, cliTimeoutAdvice, type AskOptions } from './cli-args.js';
import { cliEngineOutput, withDetails } from './engine-output.js';
import { findInstalledModel, loadCatalog } from '../host/models/index.js';
import { defaultInstalledModel } from './default-model.js';
import { createRemoteBackend } from '../host/model-servers/create-backend.js';
import type { PrepareImage } from '../host/model-servers/image-payload.js';
import { MemorySecretStore } from '../host/secrets/secret-store.js';

/** A failure the user can act on: its message is printed as it is. */
export class CliError extends Error {}

/** Whatever answers: the local engine or a model server. */
interface Answerer {
  ask(request: AnswerRequest): AnswerStream;
  /** A failure's sentence, with where to read more when there is more. */
  explain(sentence: string): Promise<string>;
  dispose(): Promise<void> | void;
}

async function streamAnswer(
  host: CliHost,
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
        host.stdout.write(event.text);
      } else if (event.type === 'done') {
        host.stdout.write('\n');
        if (event.reason === 'stopped') host.stderr.write('(stopped)\n');
        if (event.reason === 'length') host.stderr.write('(the answer reached --max-tokens)\n');
        return { text, ok: true };
      } else if (event.type === 'error') {
        if (text) host.stdout.write('\n');
        host.stderr.write(`sightline: ${await explain(event.error.message)}\n`);
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
async function resolveModel(host: CliHost, model: string, dtype: AskOptions['dtype']): Promise<string> {
  const folder = path.resolve(model);
  try {
    await access(folder);
    return folder;
  } catch {
    // Not a folder: perhaps a catalog id.
  }
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(model)) return folder;
  const installed = await findInstalledModel(host.modelsRoot, model, {
    ...(dtype ? { dtype } : {}),
    preferred: dtypePreference('cpu'),
  });
  if (installed) return installed.dir;
  throw new CliError(
    `No model folder ${folder}, and no installed model "${model}" in ${host.modelsRoot}. Try: sightline models pull ${model}`,
  );
}

/** Without --model: the installed model the app would use, or advice to download one. */
async function defaultModelDir(host: CliHost): Promise<string> {
  const model = await defaultInstalledModel(host.modelsRoot, host.env);
  if (!model) {
    throw new CliError(
      `No model is installed in ${host.modelsRoot}. Download the recommended one: sightline models pull ${loadCatalog().defaultModel}`,
    );
  }
  host.stderr.write(`Using ${model.manifest.displayName} (${model.id}, installed)\n`);
  return model.dir;
}

async function openLocal(host: CliHost, options: AskOptions & { modelDir: string }): Promise<Answerer> {
  const modelDir = await resolveModel(host, options.modelDir, options.dtype);
  const output = cliEngineOutput(options.verbose, host);
  const explain = (sentence: string) => withDetails(sentence, output.log);
  const warn = (sentence: string) => void host.stderr.write(`sightline: ${sentence}\n`);
  const engine = new EngineHost({ launcher: host.engineLauncher(output) });
  const dispose = async () => {
    await engine.dispose();
    // After the engine is gone: the rest of its output is in, and an empty log is removed.
    await output.log.close();
  };
  engine.on('engine-crashed', (crash) => void explain(crash.description).then(warn));
  engine.on('engine-gave-up', ({ reason }) => void explain(reason).then(warn));
  try {
    const status = await engine.load({
      modelDir,
      device: options.device,
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.dtype ? { dtype: options.dtype } : {}),
    });
    host.stderr.write(`${status.family} on ${providerName(status.provider)} (${status.dtype})\n`);
    if (status.fallback) host.stderr.write(`${await explain(describeFallback(status.provider, status.fallback))}\n`);
  } catch (error) {
    const message = error instanceof CodedError ? await explain(error.message) : undefined;
    await dispose();
    if (message !== undefined) throw new CliError(message);
    throw error;
  }
  return { ask: (request) => engine.ask(request), explain, dispose };
}

/**
 * A model server: checked first (reachable, model there, reads images), and
 * the user told where the image goes. The key comes from an environment
 * variable, never from an argument (arguments show in `ps`).
 */
async function openRemote(
  host: CliHost,
  settings: RemoteBackendSettings,
  apiKeyEnv: string | undefined,
  prepareImage: PrepareImage,
): Promise<Answerer> {
  const secrets = new MemorySecretStore();
  if (apiKeyEnv !== undefined) {
    const key = host.env[apiKeyEnv];
    if (!key) throw new CliError(`The environment variable ${apiKeyEnv} (--api-key-env) is empty or not set.`);
    await secrets.set('cli', key);
  }
  const backend = createRemoteBackend(settings, { secrets, prepareImage, timeoutAdvice: cliTimeoutAdvice });
  host.stderr.write(`${describeBackendPrivacy(settings).sentence}\n`);
  const report = await backend.checkConnection();
  if (!report.ok) throw new CliError(report.summary);
  host.stderr.write(`${report.summary}\n`);
  for (const note of report.notes) host.stderr.write(`${note}\n`);
  return {
    ask: (request) => backend.ask(request),
    explain: (sentence) => Promise.resolve(sentence),
    dispose: () => backend.dispose(),
  };
}

/** Runs `ask`; resolves with the exit code (0 answered, 1 failed), throws CliError for what the user can fix. */
export async function askCommand(host: CliHost, options: AskOptions, prepareImage: PrepareImage): Promise<number> {
  const imagePath = path.resolve(options.imagePath);
  try {
    await access(imagePath);
  } catch {
    throw new CliError(`The image ${imagePath} does not exist.`);
  }
  const answerer = options.remote
    ? await openRemote(host, options.remote, options.apiKeyEnv, prepareImage)
    : await openLocal(host, { ...options, modelDir: options.modelDir ?? (await defaultModelDir(host)) });
  try {
    const image = { kind: 'path' as const, path: imagePath };
    const conversationId = `cli-${process.pid}`;
    const turns: Turn[] = [];
    let failed = false;
    const askOne = async (question: string) => {
      turns.push({ role: 'user', text: question });
      const result = await streamAnswer(
        host,
        answerer.ask({ conversationId, image, turns: [...turns], settings: options.settings }),
        (sentence) => answerer.explain(sentence),
      );
      if (result.ok) turns.push({ role: 'assistant', text: result.text });
      else {
        turns.pop();
        failed = true;
      }
      // A program reading the answers through a pipe learns where each one ends.
      if (options.chat && !host.stdout.isTTY) host.stdout.write(`${answerEnd}\n`);
    };
    if (options.question) await askOne(options.question);
    if (!options.chat) return failed ? 1 : 0;

    const interactive = host.stdin.isTTY === true;
    const lines = readline.createInterface({ input: host.stdin, terminal: false });
    if (interactive) host.stderr.write('Ask a follow-up question (Ctrl+D to quit):\n> ');
    for await (const line of lines) {
      const question = line.trim();
      if (question) {
        failed = false;
        await askOne(question);
      }
      if (interactive) host.stderr.write('> ');
    }
    return failed ? 1 : 0;
  } finally {
    await answerer.dispose();
  }
}
