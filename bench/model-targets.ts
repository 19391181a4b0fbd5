// The model folders to measure: the tiny fixtures of both families, a
// random-weight model with the real SmolVLM-256M shapes (built on first use),
// and a real model folder when SIGHTLINE_BENCH_MODEL names one; and the
// child processes of the dtype tables and of the text-prompt and pre-encode runs.
import path from 'node:path';
import { Dtype, type DeviceSetting } from '../common/engine-protocol.js';
import { tinyModelDir } from '../test/fixtures/tiny-model/index.js';
import { runChild } from './child.js';
import { benchDtypes, dtypePlan, type DtypeJob, type ModelSpec } from './config.js';

const buildTimeoutMs = 5 * 60_000;

/** SIGHTLINE_BENCH_DEVICE: auto, gpu or cpu (default cpu, so numbers compare across machines). */
function device(): DeviceSetting {
  const value = process.env.SIGHTLINE_BENCH_DEVICE ?? 'cpu';
  if (value !== 'auto' && value !== 'gpu' && value !== 'cpu') throw new Error(`SIGHTLINE_BENCH_DEVICE=${value}`);
  return value;
}

let realShaped: Promise<string> | undefined;

/** The real-shaped model's folder, built on first use (once per benchmark run). */
function realShapedDir(log: (line: string) => void): Promise<string> {
  realShaped ??= buildRealShaped(log);
  return realShaped;
}

async function buildRealShaped(log: (line: string) => void): Promise<string> {
  const started = performance.now();
  log(
    `preparing the random-weight model at SmolVLM-256M shapes in ${benchDtypes.join(', ')} (about 1.5 GB, built once)...`,
  );
  const outcome = await runChild('bench/prepare-real-shaped.ts', [], buildTimeoutMs);
  if (outcome.code !== 0 || outcome.stdout === '') {
    throw new Error(
      `building the real-shaped model failed (exit ${outcome.code}${outcome.timedOut ? ', timed out' : ''})`,
    );
  }
  log(`  ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${outcome.stdout}`);
  return outcome.stdout;
}

/** `filters`: keep models whose label contains one of them (all when empty). */
export async function modelTargets(filters: string[], log: (line: string) => void): Promise<ModelSpec[]> {
  const wanted = (label: string) => filters.length === 0 || filters.some((f) => label.includes(f));
  const specs: ModelSpec[] = [];
  const dev = device();
  // No dtype: the engine's own choice for the device (int8 on the CPU), as users run it.
  if (wanted('tiny-smolvlm'))
    specs.push({ label: 'tiny-smolvlm', dir: await tinyModelDir('smolvlm'), kind: 'tiny', device: dev });
  if (wanted('tiny-qwen2-vl'))
    specs.push({ label: 'tiny-qwen2-vl', dir: await tinyModelDir('qwen2-vl'), kind: 'tiny', device: dev });
  if (wanted('smolvlm-256m-shaped'))
    specs.push({
      label: 'smolvlm-256m-shaped',
      dir: await realShapedDir(log),
      kind: 'real-shaped',
      device: dev,
    });
  const real = process.env.SIGHTLINE_BENCH_MODEL;
  if (real && wanted('real')) specs.push(realSpec(real, dev));
  return specs;
}

/** The downloaded model folder SIGHTLINE_BENCH_MODEL names, at SIGHTLINE_BENCH_DTYPE or the engine's choice. */
function realSpec(folder: string, dev: DeviceSetting): ModelSpec {
  const wantedDtype = process.env.SIGHTLINE_BENCH_DTYPE;
  const dtype = wantedDtype ? Dtype.parse(wantedDtype) : undefined;
  return {
    label: `real:${path.basename(path.resolve(folder))}`,
    dir: path.resolve(folder),
    kind: 'real',
    device: dev,
    ...(dtype ? { dtype } : {}),
  };
}

/**
 * The dtype tables' child processes: load and memory of each of benchDtypes
 * alone, their timings side by side, and the threading table's dtypes with
 * and without onnxruntime's spinning threads side by side. Kept by the
 * filters `dtypes` and `smolvlm-256m-shaped` (all when there is no filter).
 */
export async function dtypeJobs(filters: string[], log: (line: string) => void): Promise<DtypeJob[]> {
  const wanted = filters.length === 0 || filters.some((f) => 'dtypes'.includes(f) || 'smolvlm-256m-shaped'.includes(f));
  if (!wanted) return [];
  const dir = await realShapedDir(log);
  return [
    ...benchDtypes.map((dtype): DtypeJob => ({
      kind: 'memory',
      label: `256m-shaped ${dtype}, memory`,
      dir,
      variant: { dtype, spinning: false },
    })),
    {
      kind: 'timing',
      label: `256m-shaped ${benchDtypes.join('/')}, timings`,
      dir,
      variants: benchDtypes.map((dtype) => ({ dtype, spinning: false })),
    },
    {
      kind: 'timing',
      label: `256m-shaped ${dtypePlan.threadingDtypes.join('/')}, spinning or not`,
      dir,
      variants: dtypePlan.threadingDtypes.flatMap((dtype) => [
        { dtype, spinning: false },
        { dtype, spinning: true },
      ]),
    },
  ];
}

/** The models of the text-prompt and pre-encode runs: the tiny SmolVLM fixture, the real-shaped model, and a real model folder. */
const perQuestionModels = ['tiny-smolvlm', 'smolvlm-256m-shaped', 'real'] as const;

/**
 * The text-prompt run's child processes, labelled `text-prompt <model>`: kept
 * by filters that the label contains (`text-prompt` for every model,
 * `text-prompt smolvlm-256m-shaped` for one), all when there is no filter.
 * The real model (SIGHTLINE_BENCH_MODEL) counts the text with its own
 * tokenizer; the fixtures' tokenizers are byte-level, about a token a character.
 */
export function textPromptJobs(filters: string[], log: (line: string) => void): Promise<ModelSpec[]> {
  return runJobs('text-prompt', filters, log);
}

/**
 * The pre-encode run's child processes, labelled `pre-encode <model>`, kept
 * by filters the same way (`pre-encode`, `pre-encode tiny-smolvlm`, ...).
 */
export function preEncodeJobs(filters: string[], log: (line: string) => void): Promise<ModelSpec[]> {
  return runJobs('pre-encode', filters, log);
}

/** One child process per model of perQuestionModels, labelled `<run> <model>`, whose label a filter contains. */
async function runJobs(run: string, filters: string[], log: (line: string) => void): Promise<ModelSpec[]> {
  const specs: ModelSpec[] = [];
  const dev = device();
  const real = process.env.SIGHTLINE_BENCH_MODEL;
  for (const model of perQuestionModels) {
    if (model === 'real' && !real) continue;
    const label = `${run} ${model === 'real' ? `real:${path.basename(path.resolve(real ?? ''))}` : model}`;
    if (filters.length > 0 && !filters.some((f) => label.includes(f))) continue;
    if (model === 'tiny-smolvlm') specs.push({ label, dir: await tinyModelDir('smolvlm'), kind: 'tiny', device: dev });
    else if (model === 'smolvlm-256m-shaped')
      specs.push({ label, dir: await realShapedDir(log), kind: 'real-shaped', device: dev });
    else specs.push({ ...realSpec(real ?? '', dev), label });
  }
  return specs;
}
