// Child process of the pre-encode run: what encoding a capture before its
// first question (Vlm.prepare, called by the host when a capture opens)
// saves the time to the first token once the question is asked. One model
// through the engine (loadModel, Vlm.prepare and Vlm.answer, as the engine
// process runs them), the same PNG, question (as the chat sends it) and
// settings; the question asked of a new conversation, and of one prepared
// just before, in rounds (each case once per round, in a rotating order) so
// that other work on the machine weighs on both alike. Each answer has a
// conversation of its own: only the prepared case starts from a cache.
// Usage: node --expose-gc --import tsx bench/measure-pre-encode.ts '<ModelSpec JSON>' <out.json>
import os from 'node:os';
import type { PreparedImage, Vlm } from '../engine/vlm.js';
import { testPng } from '../test/support/images.js';
import { preEncodePlan, questions, warmUpTokens, type ModelSpec } from './config.js';
import { writeMeasurement } from './child-output.js';
import { askEngine, chatFirstTurn, loadBenchModel, type EngineAnswer } from './engine-runs.js';
import type { PreEncodeCase, PreEncodeResult, PreEncodeRow, Region } from './results.js';
import { median, ratio, series } from './stats.js';
import { describePlan } from './tiling-table.js';

const [specJson, outPath] = process.argv.slice(2);
if (!specJson || !outPath) throw new Error('usage: measure-pre-encode.ts <spec JSON> <out.json>');
const spec = JSON.parse(specJson) as ModelSpec;
const rounds = preEncodePlan.rounds[spec.kind];
const log = (message: string) => process.stderr.write(`    [${spec.label}] ${message}\n`);
const turn = chatFirstTurn(questions.first);
const cases: readonly PreEncodeCase[] = ['unprepared', 'prepared'];
let conversation = 0;

interface CaseRun {
  answer: EngineAnswer;
  /** The prepared case's Vlm.prepare, undefined for the unprepared one. */
  prepared?: PreparedImage;
}

async function run(vlm: Vlm, png: Uint8Array<ArrayBuffer>, which: PreEncodeCase, tokens: number): Promise<CaseRun> {
  const id = `pre-encode-${conversation++}`;
  let prepared: PreparedImage | undefined;
  if (which === 'prepared') {
    gc?.();
    prepared = await vlm.prepare(id, { kind: 'bytes', bytes: png });
  }
  // Timed from the answer() call: the question is asked after prepare() has ended.
  gc?.();
  const answer = await askEngine(vlm, id, png, turn, tokens);
  vlm.forget(id);
  return { answer, ...(prepared ? { prepared } : {}) };
}

async function measureRegion(vlm: Vlm, region: Region, seed: number): Promise<PreEncodeRow> {
  const png = await testPng(region.width, region.height, seed);
  const tiling = describePlan(vlm.plan(region.width, region.height));
  log(`${region.width}x${region.height} (${tiling}): warm-up, ${rounds} rounds`);
  // Untimed: each case once, so no timed run pays for its input shapes' first allocations.
  for (const which of cases) await run(vlm, png, which, warmUpTokens);
  const runs: Record<PreEncodeCase, CaseRun[]> = { unprepared: [], prepared: [] };
  const start = os.loadavg();
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const which = cases[(r + k) % cases.length] as PreEncodeCase;
      runs[which].push(await run(vlm, png, which, preEncodePlan.maxNewTokens));
    }
  }
  const loadAverage = { start, end: os.loadavg() };
  const unprepared = series(runs.unprepared.map((c) => c.answer.sample));
  const prepared = series(runs.prepared.map((c) => c.answer.sample));
  const prepareMs = runs.prepared.map((c) => c.prepared?.ms ?? Number.NaN);
  const medianPrepareMs = median(prepareMs);
  const texts = [...runs.unprepared, ...runs.prepared].map((c) => c.answer.text);
  return {
    region,
    tiling,
    unprepared,
    prepared,
    prepareMs,
    medianPrepareMs,
    preparedTokens: runs.prepared[0]?.prepared?.cachedTokens ?? Number.NaN,
    cachedTokens: runs.prepared.map((c) => c.answer.cachedTokens),
    timeToFirstTokenRatio: ratio(prepared.medianTimeToFirstTokenMs, unprepared.medianTimeToFirstTokenMs),
    totalWorkRatio: ratio(medianPrepareMs + prepared.medianTimeToFirstTokenMs, unprepared.medianTimeToFirstTokenMs),
    sameText: texts.every((text) => text === texts[0]),
    texts: { unprepared: runs.unprepared[0]?.answer.text ?? '', prepared: runs.prepared[0]?.answer.text ?? '' },
    loadAverage,
  };
}

async function measure(): Promise<PreEncodeResult> {
  const begun = performance.now();
  const { vlm, status } = await loadBenchModel(spec, log);
  const rows: PreEncodeRow[] = [];
  for (const [index, region] of preEncodePlan.regions.entries()) rows.push(await measureRegion(vlm, region, index + 1));
  await vlm.dispose();
  return {
    label: spec.label,
    dir: spec.dir,
    provider: status.provider,
    dtype: status.dtype,
    maxNewTokens: preEncodePlan.maxNewTokens,
    rounds,
    rows,
    wallMs: performance.now() - begun,
  };
}

await writeMeasurement(outPath, spec, measure);
