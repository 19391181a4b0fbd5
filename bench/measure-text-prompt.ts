// Child process of the text-prompt run: what the capture's text section
// costs the first question about a capture. One model through the engine
// (loadModel and Vlm.answer, as the engine process runs them), the same PNG,
// question and settings; the question without the section, with a short
// dialog's and with a log's at the section's bound, in rounds (each case
// once per round, in a rotating order) so that other work on the machine
// weighs on every case alike. Each answer starts a new conversation: no
// key/value cache is reused.
// Usage: node --expose-gc --import tsx bench/measure-text-prompt.ts '<ModelSpec JSON>' <out.json>
import os from 'node:os';
import type { Turn } from '../common/engine-protocol.js';
import type { Vlm } from '../engine/vlm.js';
import { testPng } from '../test/support/images.js';
import { questions, textPromptPlan, warmUpTokens, type ModelSpec } from './config.js';
import { writeMeasurement } from './child-output.js';
import { askEngine, chatFirstTurn, loadBenchModel } from './engine-runs.js';
import { textPromptCases, textPromptSections } from './prompt-texts.js';
import type { Region, RunSample, TextPromptResult, TextPromptRow } from './results.js';
import { ratio, series } from './stats.js';
import { describePlan } from './tiling-table.js';

const [specJson, outPath] = process.argv.slice(2);
if (!specJson || !outPath) throw new Error('usage: measure-text-prompt.ts <spec JSON> <out.json>');
const spec = JSON.parse(specJson) as ModelSpec;
const rounds = textPromptPlan.rounds[spec.kind];
const log = (message: string) => process.stderr.write(`    [${spec.label}] ${message}\n`);
const turns = textPromptCases.map((c) => chatFirstTurn(questions.first, textPromptSections[c]));
let conversation = 0;

async function ask(vlm: Vlm, png: Uint8Array<ArrayBuffer>, question: Turn[], tokens: number): Promise<RunSample> {
  gc?.();
  return (await askEngine(vlm, `text-prompt-${conversation++}`, png, question, tokens)).sample;
}

async function measureRegion(vlm: Vlm, region: Region, seed: number): Promise<TextPromptRow[]> {
  const png = await testPng(region.width, region.height, seed);
  log(
    `${region.width}x${region.height} (${describePlan(vlm.plan(region.width, region.height))}): warm-up, ${rounds} rounds`,
  );
  // Untimed: each case once, so no timed run pays for its prompt length's first allocations.
  for (const question of turns) await ask(vlm, png, question, warmUpTokens);
  const samples = turns.map((): RunSample[] => []);
  const start = os.loadavg();
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < turns.length; k++) {
      const i = (r + k) % turns.length;
      samples[i]?.push(await ask(vlm, png, turns[i] as Turn[], textPromptPlan.maxNewTokens));
    }
  }
  const loadAverage = { start, end: os.loadavg() };
  const none = series(samples[textPromptCases.indexOf('none')] ?? []);
  const promptTokens = (s: RunSample[]) => s[0]?.promptTokens ?? Number.NaN;
  return textPromptCases.map((c, i) => {
    const engine = series(samples[i] ?? []);
    return {
      region,
      case: c,
      sectionChars: textPromptSections[c]?.length ?? 0,
      engine,
      promptTokensRatio: ratio(promptTokens(engine.samples), promptTokens(none.samples)),
      timeToFirstTokenRatio: ratio(engine.medianTimeToFirstTokenMs, none.medianTimeToFirstTokenMs),
      msPerAddedToken: ratio(
        engine.medianTimeToFirstTokenMs - none.medianTimeToFirstTokenMs,
        promptTokens(engine.samples) - promptTokens(none.samples),
      ),
      loadAverage,
    };
  });
}

async function measure(): Promise<TextPromptResult> {
  const begun = performance.now();
  const { vlm, status } = await loadBenchModel(spec, log);
  const rows: TextPromptRow[] = [];
  for (const [index, region] of textPromptPlan.regions.entries())
    rows.push(...(await measureRegion(vlm, region, index + 1)));
  await vlm.dispose();
  return {
    label: spec.label,
    dir: spec.dir,
    provider: status.provider,
    dtype: status.dtype,
    maxNewTokens: textPromptPlan.maxNewTokens,
    rounds,
    rows,
    wallMs: performance.now() - begun,
  };
}

await writeMeasurement(outPath, spec, measure);
