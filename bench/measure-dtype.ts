// Child process of the dtype tables: the real-shaped model through the engine
// (Vlm.load and Vlm.answer, as the engine process runs them), at one tile.
//
// - 'memory': one variant alone in a fresh process, so its load time and peak
//   memory are its own: load, a short and a long answer.
// - 'timing': several variants loaded side by side, their answers run in
//   rounds (each variant once per round, in a rotating order), so that other
//   work on the machine weighs on every variant alike: short and long
//   answers, then short answers beside a busy process.
// Usage: node --expose-gc --import tsx bench/measure-dtype.ts '<DtypeJob JSON>' <out.json>
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { readModelFolder } from '../engine/model-folder.js';
import { Vlm } from '../engine/vlm.js';
import { testPng } from '../test/support/images.js';
import { dtypePlan, questions, smallRegion, warmUpTokens, type DtypeJob, type Variant } from './config.js';
import { askEngine, firstTurn } from './engine-runs.js';
import { currentRssMB, peakRssMB } from './memory.js';
import type { DtypeFailure, DtypeRun, MemoryResult, TimingResult, VariantTiming } from './results.js';
import { median } from './stats.js';

const [jobJson, outPath] = process.argv.slice(2);
if (!jobJson || !outPath) throw new Error('usage: measure-dtype.ts <job JSON> <out.json>');
const job = JSON.parse(jobJson) as DtypeJob;
const log = (message: string) => process.stderr.write(`    [${job.label}] ${message}\n`);
const name = (v: Variant) => `${v.dtype}${v.spinning ? ', spinning' : ''}`;

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

const turns = firstTurn(questions.first);
const png = await testPng(smallRegion.width, smallRegion.height, 1);
let conversation = 0;
let promptTokens = 0;
let imageTokens = 0;

async function load(variant: Variant): Promise<{ vlm: Vlm; loadMs: number }> {
  const folder = await readModelFolder(job.dir);
  gc?.();
  const started = performance.now();
  const vlm = await Vlm.load(folder, 'cpu', variant.dtype, 3, { spinning: variant.spinning });
  const loadMs = performance.now() - started;
  await askEngine(vlm, 'warm-up', png, turns, warmUpTokens);
  return { vlm, loadMs };
}

async function answer(vlm: Vlm, tokens: number): Promise<DtypeRun> {
  gc?.();
  gcMs = 0;
  const a = await askEngine(vlm, `c${conversation++}`, png, turns, tokens);
  promptTokens = a.sample.promptTokens;
  imageTokens = a.sample.imageTokens;
  return {
    timeToFirstTokenMs: a.sample.timeToFirstTokenMs,
    decodeTokensPerSecond: a.sample.decodeTokensPerSecond,
    completionTokens: a.sample.completionTokens,
    wallMs: a.sample.wallMs,
    gcMs,
  };
}

/** A process that keeps one core busy, as a build or a browser tab would. */
async function startBusy(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
  await once(child, 'spawn');
  return child;
}

async function stopBusy(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function memory(variant: Variant): Promise<MemoryResult> {
  const loadAtStart = os.loadavg();
  const { vlm, loadMs } = await load(variant);
  const afterLoadRssMB = currentRssMB();
  log(`loaded in ${(loadMs / 1000).toFixed(1)} s; a short and a long answer`);
  await answer(vlm, dtypePlan.shortTokens);
  await answer(vlm, dtypePlan.longTokens);
  await vlm.dispose();
  return {
    label: job.label,
    ...variant,
    loadMs,
    afterLoadRssMB,
    peakRssMB: peakRssMB(),
    loadAverage: { start: loadAtStart, end: os.loadavg() },
  };
}

async function timing(variants: Variant[]): Promise<TimingResult> {
  const begun = performance.now();
  const loadAtStart = os.loadavg();
  const loaded: Vlm[] = [];
  for (const v of variants) {
    log(`loading ${name(v)}`);
    loaded.push((await load(v)).vlm);
  }
  const runs = variants.map(() => ({ short: [] as DtypeRun[], long: [] as DtypeRun[], busy: [] as DtypeRun[] }));
  const rounds = async (count: number, tokens: number, into: 'short' | 'long' | 'busy') => {
    for (let r = 0; r < count; r++) {
      for (let k = 0; k < loaded.length; k++) {
        const i = (r + k) % loaded.length;
        runs[i]?.[into].push(await answer(loaded[i] as Vlm, tokens));
      }
    }
  };
  log(`${dtypePlan.shortRounds} rounds of ${dtypePlan.shortTokens}-token answers`);
  await rounds(dtypePlan.shortRounds, dtypePlan.shortTokens, 'short');
  log(`${dtypePlan.longRounds} rounds of ${dtypePlan.longTokens}-token answers`);
  await rounds(dtypePlan.longRounds, dtypePlan.longTokens, 'long');
  log(`${dtypePlan.busyRounds} rounds of ${dtypePlan.shortTokens}-token answers beside a busy process`);
  const busyProcess = await startBusy();
  try {
    await rounds(dtypePlan.busyRounds, dtypePlan.shortTokens, 'busy');
  } finally {
    await stopBusy(busyProcess);
  }
  for (const vlm of loaded) await vlm.dispose();

  const med = (list: DtypeRun[], pick: (r: DtypeRun) => number) => median(list.map(pick));
  const timings: VariantTiming[] = variants.map((v, i) => {
    const { short, long, busy } = runs[i] as (typeof runs)[number];
    return {
      ...v,
      short,
      long,
      busy,
      medians: {
        timeToFirstTokenMs: med(short, (r) => r.timeToFirstTokenMs),
        decodeShort: med(short, (r) => r.decodeTokensPerSecond),
        decodeLong: med(long, (r) => r.decodeTokensPerSecond),
        gcShareLong: med(long, (r) => r.gcMs / r.wallMs),
        busyTimeToFirstTokenMs: med(busy, (r) => r.timeToFirstTokenMs),
        busyDecodeShort: med(busy, (r) => r.decodeTokensPerSecond),
      },
    };
  });
  return {
    label: job.label,
    variants: timings,
    promptTokens,
    imageTokens,
    loadAverage: { start: loadAtStart, end: os.loadavg() },
    wallMs: performance.now() - begun,
  };
}

try {
  const result = job.kind === 'memory' ? await memory(job.variant) : await timing(job.variants);
  await writeFile(outPath, JSON.stringify(result));
} catch (error) {
  const failure: DtypeFailure = {
    label: job.label,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
  await writeFile(outPath, JSON.stringify(failure));
  process.exitCode = 1;
}
