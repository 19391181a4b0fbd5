/**
 * Writes a tiny random-weight vision-language model for offline tests and
 * manual runs of the app against a model folder.
 *
 *   npx tsx scripts/make-tiny-model.ts smolvlm <outDir> [--seed N] [--dtypes fp32,fp16,q8,q4,q4f16] [--eos suppress|immediate|<position>]
 */
import { resolve } from 'node:path';
import {
  buildTinyModel,
  DTYPE_SUFFIX,
  TINY_FAMILIES,
  type EosMode,
  type TinyDtype,
  type TinyFamily,
  type TinyModelOptions,
} from '../test/fixtures/tiny-model/index.js';

const USAGE = `usage: make-tiny-model <${TINY_FAMILIES.join('|')}> <outDir> [--seed N] [--dtypes ${Object.keys(DTYPE_SUFFIX).join(',')}] [--eos suppress|immediate|<position>]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseEos(value: string): EosMode {
  if (value === 'suppress' || value === 'immediate') return { kind: value };
  const position = Number(value);
  if (!Number.isInteger(position) || position < 0) fail(`bad --eos ${value}`);
  return { kind: 'atPosition', position };
}

function parseArgs(argv: readonly string[]): { family: TinyFamily; outDir: string; opts: TinyModelOptions } {
  const positional: string[] = [];
  const opts: TinyModelOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--seed') opts.seed = Number(value());
    else if (arg === '--dtypes') {
      const list = value().split(',');
      for (const d of list) if (!(d in DTYPE_SUFFIX)) fail(`unknown dtype ${d}`);
      opts.dtypes = list as TinyDtype[];
    } else if (arg === '--eos') opts.eos = parseEos(value());
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [family, outDir] = positional;
  if (positional.length !== 2 || family === undefined || outDir === undefined)
    fail('expected a family and an output folder');
  if (!(TINY_FAMILIES as readonly string[]).includes(family)) fail(`unknown family ${family}`);
  if (opts.seed !== undefined && !Number.isInteger(opts.seed)) fail('--seed must be an integer');
  return { family: family as TinyFamily, outDir: resolve(outDir), opts };
}

const { family, outDir, opts } = parseArgs(process.argv.slice(2));
await buildTinyModel(family, outDir, opts);
process.stdout.write(`wrote tiny ${family} model to ${outDir}\n`);
