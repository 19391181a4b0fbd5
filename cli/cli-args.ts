// Command-line arguments of `sightline ask`, parsed and validated up front so a
// typo fails at once with the usage, before any engine starts.
import { parseCommandLine, UsageError } from './command-line.js';
import {
  DeviceSetting,
  Dtype,
  ExecutionProvider,
  GenerationSettings,
  defaultGenerationSettings,
} from '../common/engine-protocol.js';
import {
  BackendSettings,
  defaultFirstByteTimeoutMs,
  defaultTimeoutMs,
  type RemoteBackendSettings,
} from '../common/backend-settings.js';
import { describeIssues } from '../common/schema.js';
import type { TimeoutAdvice } from '../host/model-servers/server-timeouts.js';

/** Ends each answer of `ask --chat` when stdout is a pipe: the ASCII record separator, on a line of its own. */
export const answerEnd = '\u001e';

export const usage = `Usage: sightline ask [--model <dir|id>] --image <file> [options] "question"
       sightline ask --backend ollama|openai --base-url <url> --remote-model <name> --image <file> [options] "question"
       sightline models list | pull <id> [--dtype <t>] | verify <id> | rm <id>  (see sightline models --help)
       sightline text --image <file> [--lang en|fr|auto] [--json]  (the image's text, read offline; see sightline text --help)
       sightline --version

Streams a vision-language model's answer about an image to stdout: a local
model, or one on an Ollama or OpenAI-compatible server (vLLM, llama-server,
LM Studio, hosted APIs).

Options:
  --model <dir|id>       model folder (config.json, tokenizer, onnx/), or an installed model's id
                         (default: the model the app uses, else the catalog's default, if installed)
  --image <file>         the image to ask about (PNG, JPEG, WebP, ...)
  --chat                 after the answer, read follow-up questions from stdin; when stdout is
                         a pipe, each answer ends with a line holding only the record separator (\\x1e)
  --device <d>           auto | gpu | cpu (default auto)
  --provider <p>         force one provider: cuda | dml | coreml | webgpu | cpu
  --dtype <t>            fp32 | fp16 | q8 | q4 | q4f16 | ... (default: best for the device)
  --max-tokens <n>       longest answer in tokens (default ${defaultGenerationSettings.maxNewTokens})
  --temperature <t>      0 = greedy (default 0)
  --top-p <p>            nucleus sampling (default 1)
  --repetition-penalty <r>  (default 1; Ollama only among the servers)
  --verbose              show what onnxruntime and the GPU libraries print, as they print it
                         (otherwise it goes to a log in the temp folder, named when something fails)

Model servers:
  --backend <b>          local | ollama | openai (default local)
  --base-url <url>       the server: http://127.0.0.1:11434 (Ollama), http://127.0.0.1:8080/v1 (OpenAI-compatible)
  --remote-model <name>  the model on the server
  --api-key-env <VAR>    read the API key from this environment variable (never pass a key as an argument)
  --first-byte-timeout <seconds>  how long the server may take to start answering (default ${defaultFirstByteTimeoutMs / 1000})
  --idle-timeout <seconds>  how long it may then stay silent mid-answer (default ${defaultTimeoutMs / 1000})
  --timeout <seconds>    both at once (the two flags above take precedence)
  --max-image-side <px>  scale the image down to this longer side before sending (default 2048)
  --allow-jpeg           send JPEG when it is smaller than PNG
  -h, --help             this text`;

export interface AskOptions {
  /** The local model (folder or id); unset with a remote backend. */
  modelDir?: string;
  /** A model server to ask instead of the local engine. */
  remote?: RemoteBackendSettings;
  /** The environment variable that holds the server's API key. */
  apiKeyEnv?: string;
  imagePath: string;
  question: string;
  chat: boolean;
  device: DeviceSetting;
  provider?: ExecutionProvider;
  dtype?: Dtype;
  settings: GenerationSettings;
  /** Show the engine's native output live, and let onnxruntime log its warnings. */
  verbose: boolean;
}

export function parseNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`--${name} must be a number, not "${value}".`);
  return number;
}

/** Parses `ask ...` (argv without node and the script); throws UsageError with a message for the user. */
export function parseAskArgs(argv: string[]): AskOptions | 'help' {
  const { values, positionals } = parseCommandLine(argv, {
    model: { type: 'string' },
    image: { type: 'string' },
    chat: { type: 'boolean', default: false },
    device: { type: 'string', default: 'auto' },
    provider: { type: 'string' },
    dtype: { type: 'string' },
    'max-tokens': { type: 'string' },
    temperature: { type: 'string' },
    'top-p': { type: 'string' },
    'repetition-penalty': { type: 'string' },
    backend: { type: 'string', default: 'local' },
    'base-url': { type: 'string' },
    'remote-model': { type: 'string' },
    'api-key-env': { type: 'string' },
    timeout: { type: 'string' },
    'first-byte-timeout': { type: 'string' },
    'idle-timeout': { type: 'string' },
    'max-image-side': { type: 'string' },
    'allow-jpeg': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  const [command, ...words] = positionals;
  if (command !== 'ask') throw new UsageError(command ? `Unknown command "${command}".` : 'Missing command.');
  const remote = parseRemote(values);
  if (!values.image) throw new UsageError('--image <file> is required.');
  const question = words.join(' ').trim();
  if (!question && !values.chat)
    throw new UsageError(
      'Ask a question, for example: sightline ask --model m --image shot.png "What does this error mean?"',
    );
  const device = DeviceSetting.safeParse(values.device);
  if (!device.success) throw new UsageError(`--device must be auto, gpu or cpu, not "${values.device}".`);
  const provider = values.provider === undefined ? undefined : ExecutionProvider.safeParse(values.provider);
  if (provider && !provider.success)
    throw new UsageError(`--provider must be one of ${ExecutionProvider.options.join(', ')}.`);
  const dtype = values.dtype === undefined ? undefined : Dtype.safeParse(values.dtype);
  if (dtype && !dtype.success) throw new UsageError(`--dtype must be one of ${Dtype.options.join(', ')}.`);
  const settings = GenerationSettings.safeParse({
    maxNewTokens: parseNumber('max-tokens', values['max-tokens'], defaultGenerationSettings.maxNewTokens),
    temperature: parseNumber('temperature', values.temperature, defaultGenerationSettings.temperature),
    topP: parseNumber('top-p', values['top-p'], defaultGenerationSettings.topP),
    repetitionPenalty: parseNumber(
      'repetition-penalty',
      values['repetition-penalty'],
      defaultGenerationSettings.repetitionPenalty,
    ),
  });
  if (!settings.success) throw new UsageError(`Bad generation setting: ${describeIssues(settings.error)}`);
  return {
    ...(values.model ? { modelDir: values.model } : {}),
    ...(remote ? { remote } : {}),
    ...(values['api-key-env'] ? { apiKeyEnv: values['api-key-env'] } : {}),
    imagePath: values.image,
    question,
    chat: values.chat,
    device: device.data,
    ...(provider?.success ? { provider: provider.data } : {}),
    ...(dtype?.success ? { dtype: dtype.data } : {}),
    settings: settings.data,
    verbose: values.verbose,
  };
}

interface RemoteValues {
  backend?: string;
  'base-url'?: string;
  'remote-model'?: string;
  'api-key-env'?: string;
  timeout?: string;
  'first-byte-timeout'?: string;
  'idle-timeout'?: string;
  'max-image-side'?: string;
  'allow-jpeg'?: boolean;
}

/** The model-server settings, or undefined for the local engine. */
function parseRemote(values: RemoteValues): RemoteBackendSettings | undefined {
  const backend = values.backend ?? 'local';
  if (backend === 'local') {
    for (const flag of ['base-url', 'remote-model', 'api-key-env'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --backend ollama or --backend openai.`);
    }
    return undefined;
  }
  if (backend !== 'ollama' && backend !== 'openai') {
    throw new UsageError(`--backend must be local, ollama or openai, not "${backend}".`);
  }
  if (!values['base-url']) throw new UsageError(`--backend ${backend} needs --base-url <url>.`);
  if (!values['remote-model']) throw new UsageError(`--backend ${backend} needs --remote-model <name>.`);
  if (values['api-key-env'] !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(values['api-key-env'])) {
    throw new UsageError('--api-key-env takes the name of an environment variable, not the key itself.');
  }
  const parsed = BackendSettings.safeParse({
    kind: backend,
    baseUrl: values['base-url'],
    model: values['remote-model'],
    ...timeoutSettings(values),
    ...(values['max-image-side'] !== undefined
      ? { maxImageSide: parseNumber('max-image-side', values['max-image-side'], 0) }
      : {}),
    ...(values['allow-jpeg'] ? { allowJpeg: true } : {}),
    ...(values['api-key-env'] !== undefined ? { apiKeyRef: 'cli' } : {}),
  });
  if (!parsed.success) throw new UsageError(`Bad server setting: ${describeIssues(parsed.error)}`);
  if (parsed.data.kind === 'local') return undefined;
  return parsed.data;
}

/** What a timeout's message tells a CLI user to change. */
export const cliTimeoutAdvice: TimeoutAdvice = {
  firstByte: 'wait longer with --first-byte-timeout <seconds>',
  idle: 'wait longer with --idle-timeout <seconds>',
};

/**
 * The two limits in milliseconds. --timeout was the one silence limit before
 * there were two; it still sets both, so a script that raised it for a
 * slow server keeps waiting as long.
 */
function timeoutSettings(values: RemoteValues): { timeoutMs: number; firstByteTimeoutMs: number } {
  const both = values.timeout === undefined ? undefined : parseNumber('timeout', values.timeout, 0);
  const seconds = (name: 'first-byte-timeout' | 'idle-timeout', fallback: number) =>
    Math.round(parseNumber(name, values[name], both ?? fallback) * 1000);
  return {
    timeoutMs: seconds('idle-timeout', defaultTimeoutMs / 1000),
    firstByteTimeoutMs: seconds('first-byte-timeout', defaultFirstByteTimeoutMs / 1000),
  };
}
