// Command-line arguments of `sightline ask`, parsed and validated up front so a
// typo fails at once with the usage, before any engine starts.
import { parseArgs } from 'node:util';
import {
  DeviceSetting,
  Dtype,
  ExecutionProvider,
  GenerationSettings,
  defaultGenerationSettings,
} from '../core/engine-protocol.js';
import { describeIssues } from '../core/schema.js';

export const usage = `Usage: sightline ask --model <dir> --image <file> [options] "question"
       sightline models list | pull <id> [--dtype <t>] | verify <id> | rm <id>  (see sightline models --help)

Streams a local vision-language model's answer about an image to stdout.

Options:
  --model <dir|id>       model folder (config.json, tokenizer, onnx/), or an installed model's id
  --image <file>         the image to ask about (PNG, JPEG, WebP, ...)
  --chat                 after the answer, read follow-up questions from stdin
  --device <d>           auto | gpu | cpu (default auto)
  --provider <p>         force one provider: cuda | dml | coreml | webgpu | cpu
  --dtype <t>            fp32 | fp16 | q8 | q4 | q4f16 | ... (default: best for the device)
  --max-tokens <n>       longest answer in tokens (default ${defaultGenerationSettings.maxNewTokens})
  --temperature <t>      0 = greedy (default 0)
  --top-p <p>            nucleus sampling (default 1)
  --repetition-penalty <r>  (default 1)
  -h, --help             this text`;

export interface AskOptions {
  modelDir: string;
  imagePath: string;
  question: string;
  chat: boolean;
  device: DeviceSetting;
  provider?: ExecutionProvider;
  dtype?: Dtype;
  settings: GenerationSettings;
}

export class UsageError extends Error {}

function parseNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`--${name} must be a number, not "${value}".`);
  return number;
}

/** Parses `ask ...` (argv without node and the script); throws UsageError with a message for the user. */
export function parseAskArgs(argv: string[]): AskOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
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
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...words] = positionals;
  if (command !== 'ask') throw new UsageError(command ? `Unknown command "${command}".` : 'Missing command.');
  if (!values.model) throw new UsageError('--model <dir> is required.');
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
    modelDir: values.model,
    imagePath: values.image,
    question,
    chat: values.chat,
    device: device.data,
    ...(provider?.success ? { provider: provider.data } : {}),
    ...(dtype?.success ? { dtype: dtype.data } : {}),
    settings: settings.data,
  };
}
