// Child process: every measurement of one model folder, in a fresh process
// (as the app's engine is its own process), so its peak memory is its own.
// Usage: node --import tsx bench/measure-model.ts '<ModelSpec JSON>' <out.json>
import os from 'node:os';
import { loadModel } from '../engine/model-loader.js';
import { probePlatform } from '../engine/platform-probe.js';
import { testPng } from '../test/support/images.js';
import { askBare, loadBare } from './bare-runs.js';
import { largeRegion, plans, questions, smallRegion, warmUpTokens, type ModelSpec } from './config.js';
import { writeMeasurement } from './child-output.js';
import { askEngine, firstTurn, followUpTurns, type EngineAnswer } from './engine-runs.js';
import { currentRssMB, peakRssMB } from './memory.js';
import type { ModelResult, OverheadComparison, Region, RunSample } from './results.js';
import { ratio, series } from './stats.js';
import { describePlan } from './tiling-table.js';

const [specJson, outPath] = process.argv.slice(2);
if (!specJson || !outPath) throw new Error('usage: measure-model.ts <spec JSON> <out.json>');
const spec = JSON.parse(specJson) as ModelSpec;
const plan = plans[spec.kind];
const n = plan.maxNewTokens;
const log = (message: string) => process.stderr.write(`    [${spec.label}] ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Starts a timed run with no garbage left from the run before (a collection would land inside it). */
function settled<T>(run: () => Promise<T>): Promise<T> {
  gc?.();
  return run();
}

/** Runs a pair of runs, alternating which goes first so neither always follows the other. */
async function pair<A, B>(index: number, one: () => Promise<A>, other: () => Promise<B>): Promise<[A, B]> {
  if (index % 2 === 0) {
    const a = await settled(one);
    return [a, await settled(other)];
  }
  const b = await settled(other);
  return [await settled(one), b];
}

function comparison(region: Region, tiling: string, engine: RunSample[], bare: RunSample[]): OverheadComparison {
  const e = series(engine);
  const b = series(bare);
  return {
    region,
    tiling,
    engine: e,
    bare: b,
    totalRatio: ratio(e.medianWallMs, b.medianWallMs),
    timeToFirstTokenRatio: ratio(e.medianTimeToFirstTokenMs, b.medianTimeToFirstTokenMs),
  };
}

/** The sample whose TTFT is the median one. */
function medianSample(samples: RunSample[]): RunSample {
  const sorted = [...samples].sort((a, b) => a.timeToFirstTokenMs - b.timeToFirstTokenMs);
  return sorted[Math.floor((sorted.length - 1) / 2)] as RunSample;
}

async function measure(): Promise<ModelResult> {
  const begun = performance.now();
  const loadAtStart = os.loadavg();
  const baseline = currentRssMB();
  const small = await testPng(smallRegion.width, smallRegion.height, 1);
  const large = await testPng(largeRegion.width, largeRegion.height, 2);
  const first = firstTurn(questions.first);

  log('loading with the engine');
  const { vlm, status } = await loadModel(
    { type: 'load', modelDir: spec.dir, device: spec.device, ...(spec.dtype ? { dtype: spec.dtype } : {}) },
    probePlatform(),
    () => undefined,
  );
  const afterEngineLoad = currentRssMB();
  log(`loaded in ${seconds(status.loadMs)} on ${status.provider} (${status.dtype}); warming up`);
  await askEngine(vlm, 'warm-up', small, first, warmUpTokens);

  // The engine alone: the first large capture after load, and a follow-up
  // from its cache. Its peak is what the app's engine process holds.
  const smallPlan = vlm.plan(smallRegion.width, smallRegion.height);
  const largePlan = vlm.plan(largeRegion.width, largeRegion.height);
  log(`first turn at ${largeRegion.width}x${largeRegion.height} (${describePlan(largePlan)})`);
  const a = await settled(() => askEngine(vlm, 'a', large, first, n));
  log(`follow-up with cache reuse (first turn took ${seconds(a.sample.wallMs)})`);
  const aFollow = await settled(() =>
    askEngine(vlm, 'a', large, followUpTurns(questions.first, a.text, questions.followUp), n),
  );
  const enginePeak = peakRssMB();

  log('loading with bare transformers.js');
  const bare = await loadBare(spec.dir, status.provider, status.dtype);
  await askBare(bare, small, questions.first, { kind: 'plan', plan: smallPlan }, warmUpTokens);

  log(`engine vs bare at ${smallRegion.width}x${smallRegion.height}: ${plan.smallPairs} pairs`);
  const engineSmall: RunSample[] = [];
  const bareSmall: RunSample[] = [];
  for (let i = 0; i < plan.smallPairs; i++) {
    const [e, b] = await pair(
      i,
      () => askEngine(vlm, `small-${i}`, small, first, n),
      () => askBare(bare, small, questions.first, { kind: 'plan', plan: smallPlan }, n),
    );
    engineSmall.push(e.sample);
    bareSmall.push(b);
  }

  log(
    `engine vs bare at ${largeRegion.width}x${largeRegion.height}: ${plan.largePairs} pairs; then the follow-up recomputed`,
  );
  const engineLarge: RunSample[] = [];
  const bareLarge: RunSample[] = [];
  let b: EngineAnswer | undefined;
  for (let i = 0; i < plan.largePairs; i++) {
    const [e, bareSample] = await pair(
      i + 1,
      () => askEngine(vlm, 'b', large, first, n),
      () => askBare(bare, large, questions.first, { kind: 'plan', plan: largePlan }, n),
    );
    b = e;
    engineLarge.push(e.sample);
    bareLarge.push(bareSample);
  }
  if (!b) throw new Error('largePairs must be at least 1');
  const bText = b.text;
  const bFollow = await settled(() =>
    askEngine(vlm, 'b', large, followUpTurns(questions.first, bText, questions.followUp), n, 'recompute'),
  );
  const tokensPerTile = vlm.vision.kind === 'tiles' ? vlm.vision.tokensPerTile : undefined;
  await vlm.dispose();

  // With the engine gone, both tilings run in the same conditions.
  log(
    `bare at ${largeRegion.width}x${largeRegion.height}: the policy vs the processor's default, ${plan.largePairs} pairs`,
  );
  const policyRuns: RunSample[] = [];
  const defaultRuns: RunSample[] = [];
  for (let i = 0; i < plan.largePairs; i++) {
    const [policySample, defaultSample] = await pair(
      i,
      () => askBare(bare, large, questions.first, { kind: 'plan', plan: largePlan }, n),
      () => askBare(bare, large, questions.first, { kind: 'default' }, n),
    );
    policyRuns.push(policySample);
    defaultRuns.push(defaultSample);
  }
  await bare.model.dispose();

  const tiles = (sample: RunSample) =>
    tokensPerTile === undefined ? sample : { ...sample, tiles: Math.round(sample.imageTokens / tokensPerTile) };
  const policyLarge = medianSample(policyRuns);
  const bareDefault = medianSample(defaultRuns);
  return {
    label: spec.label,
    dir: spec.dir,
    family: vlm.family,
    provider: status.provider,
    dtype: status.dtype,
    maxNewTokens: n,
    smallPairs: plan.smallPairs,
    largePairs: plan.largePairs,
    loadAverage: { start: loadAtStart, end: os.loadavg() },
    loadMs: { engine: status.loadMs, bare: bare.loadMs },
    memoryMB: { baseline, afterEngineLoad, enginePeak, processPeak: peakRssMB() },
    overhead: [
      comparison(smallRegion, `policy (${describePlan(smallPlan)}) for both`, engineSmall, bareSmall),
      comparison(largeRegion, `policy (${describePlan(largePlan)}) for both`, engineLarge, bareLarge),
    ],
    followUp: {
      region: largeRegion,
      firstTurn: a.sample,
      reuse: { ...aFollow.sample, cachedTokens: aFollow.cachedTokens },
      recompute: { ...bFollow.sample, cachedTokens: bFollow.cachedTokens },
      timeToFirstTokenRatio: ratio(aFollow.sample.timeToFirstTokenMs, bFollow.sample.timeToFirstTokenMs),
      sameText: aFollow.text === bFollow.text,
    },
    tiling: {
      region: largeRegion,
      policy: tiles(policyLarge),
      processorDefault: tiles(bareDefault),
      timeToFirstTokenRatio: ratio(policyLarge.timeToFirstTokenMs, bareDefault.timeToFirstTokenMs),
      smallRegion,
      smallPolicy: tiles(medianSample(bareSmall)),
    },
    wallMs: performance.now() - begun,
  };
}

await writeMeasurement(outPath, spec, measure);
