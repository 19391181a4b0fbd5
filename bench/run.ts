// `npm run bench`: measures the engine on every model folder it has (see
// bench/README.md), prints a report and writes bench/results/latest.json.
// `npm run bench -- tiny` measures only the models whose label contains "tiny";
// `npm run bench -- text-prompt` only the capture's text in the first question
// (also written to bench/results/text-prompt.json, which other filters keep);
// `npm run bench -- pre-encode` only the first question with the capture
// encoded beforehand (likewise in bench/results/pre-encode.json).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runChild } from './child.js';
import { dtypePlan, plans, preEncodePlan, textPromptPlan, type ModelSpec } from './config.js';
import { dtypeJobs, modelTargets, preEncodeJobs, textPromptJobs } from './model-targets.js';
import {
  dtypeSection,
  machineSection,
  modelSection,
  summarySection,
  threadingSection,
  tilingSection,
} from './report.js';
import { preEncodeSection } from './pre-encode-report.js';
import type { BenchResults, ModelFailure, ModelResult, PreEncodeResult, TextPromptResult } from './results.js';
import { textPromptSection } from './text-prompt-report.js';
import { tilingTable } from './tiling-table.js';

const started = performance.now();
const startedAt = new Date().toISOString();
const print = (text = '') => process.stdout.write(`${text}\n`);

async function packageVersion(name: string): Promise<string> {
  const file = path.join(repoRoot, 'node_modules', name, 'package.json');
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
}

const machine: BenchResults['machine'] = {
  platform: process.platform,
  arch: process.arch,
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
  cpus: os.availableParallelism(),
  totalMemoryGB: os.totalmem() / 1024 ** 3,
  node: process.version,
  onnxruntime: await packageVersion('onnxruntime-node'),
  transformers: await packageVersion('@huggingface/transformers'),
  loadAverageAtStart: os.loadavg(),
  loadAverageAtEnd: [],
};
print('Sightline engine benchmark');
print(machineSection(machine));
print();
const tiling = tilingTable();
print(tilingSection(tiling));
print();

const scratch = await mkdtemp(path.join(os.tmpdir(), 'sightline-bench-'));

/** One model's measurement in its own process: what it wrote to `file` in scratch, or why it wrote nothing. */
async function measureInChild<Result>(
  script: string,
  spec: ModelSpec,
  file: string,
  timeoutMs: number,
): Promise<Result | ModelFailure> {
  const out = path.join(scratch, file);
  const outcome = await runChild(script, [JSON.stringify(spec), out], timeoutMs);
  try {
    return JSON.parse(await readFile(out, 'utf8')) as Result | ModelFailure;
  } catch {
    const why = outcome.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${outcome.code}`;
    return { label: spec.label, dir: spec.dir, error: `the measuring process ended without a result (${why})` };
  }
}
const models: (ModelResult | ModelFailure)[] = [];
const dtypes: BenchResults['dtypes'] = { memory: [], timing: [] };
const textPrompt: BenchResults['textPrompt'] = [];
const preEncode: BenchResults['preEncode'] = [];
try {
  for (const spec of await modelTargets(process.argv.slice(2), print)) {
    print(`Measuring ${spec.label} ...`);
    const result = await measureInChild<ModelResult>(
      'bench/measure-model.ts',
      spec,
      `${models.length}.json`,
      plans[spec.kind].timeoutMs,
    );
    models.push(result);
    print();
    print(modelSection(result));
    print();
  }
  for (const job of await dtypeJobs(process.argv.slice(2), print)) {
    print(`Measuring ${job.label} ...`);
    const out = path.join(scratch, `dtype-${dtypes.memory.length + dtypes.timing.length}.json`);
    const outcome = await runChild('bench/measure-dtype.ts', [JSON.stringify(job), out], dtypePlan.timeoutMs);
    let result: BenchResults['dtypes']['memory'][number] | BenchResults['dtypes']['timing'][number];
    try {
      result = JSON.parse(await readFile(out, 'utf8')) as typeof result;
    } catch {
      const why = outcome.timedOut ? `timed out after ${dtypePlan.timeoutMs / 1000} s` : `exit ${outcome.code}`;
      result = { label: job.label, error: `the measuring process ended without a result (${why})` };
    }
    if (job.kind === 'memory') dtypes.memory.push(result as BenchResults['dtypes']['memory'][number]);
    else dtypes.timing.push(result as BenchResults['dtypes']['timing'][number]);
  }
  for (const spec of await textPromptJobs(process.argv.slice(2), print)) {
    print(`Measuring ${spec.label} ...`);
    textPrompt.push(
      await measureInChild<TextPromptResult>(
        'bench/measure-text-prompt.ts',
        spec,
        `text-prompt-${textPrompt.length}.json`,
        textPromptPlan.timeoutMs,
      ),
    );
  }
  for (const spec of await preEncodeJobs(process.argv.slice(2), print)) {
    print(`Measuring ${spec.label} ...`);
    preEncode.push(
      await measureInChild<PreEncodeResult>(
        'bench/measure-pre-encode.ts',
        spec,
        `pre-encode-${preEncode.length}.json`,
        preEncodePlan.timeoutMs,
      ),
    );
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

machine.loadAverageAtEnd = os.loadavg();
const results: BenchResults = {
  startedAt,
  durationMs: performance.now() - started,
  machine,
  tiling,
  models,
  dtypes,
  textPrompt,
  preEncode,
};
if (models.length > 0) print(summarySection(models));
if (dtypes.memory.length + dtypes.timing.length > 0) {
  print();
  print(dtypeSection(dtypes));
  print();
  print(threadingSection(dtypes));
}
if (textPrompt.length > 0) {
  print();
  print(textPromptSection(textPrompt));
}
if (preEncode.length > 0) {
  print();
  print(preEncodeSection(preEncode));
}
const resultsDir = path.join(repoRoot, 'bench', 'results');
await mkdir(resultsDir, { recursive: true });
await writeFile(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
const { startedAt: at, durationMs, machine: on } = results;
if (textPrompt.length > 0) {
  await writeFile(
    path.join(resultsDir, 'text-prompt.json'),
    `${JSON.stringify({ startedAt: at, durationMs, machine: on, textPrompt }, null, 2)}\n`,
  );
}
if (preEncode.length > 0) {
  await writeFile(
    path.join(resultsDir, 'pre-encode.json'),
    `${JSON.stringify({ startedAt: at, durationMs, machine: on, preEncode }, null, 2)}\n`,
  );
}
const alsoIn = [textPrompt.length > 0 ? 'text-prompt.json' : '', preEncode.length > 0 ? 'pre-encode.json' : '']
  .filter(Boolean)
  .join(' and ');
print();
print(
  `Load average at end: ${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}. ` +
    `The benchmark took ${(results.durationMs / 1000).toFixed(0)} s; results in bench/results/latest.json` +
    `${alsoIn ? ` and ${alsoIn}` : ''}.`,
);
