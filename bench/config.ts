// What the benchmark measures and how often: regions, questions, and the
// number of tokens and repetitions per kind of model, sized so that the whole
// run stays within a few minutes on a 2-core CPU.
import type { DeviceSetting, Dtype } from '../common/engine-protocol.js';
import type { Region } from './results.js';

export type ModelKind = 'tiny' | 'real-shaped' | 'real';

export interface ModelSpec {
  label: string;
  dir: string;
  kind: ModelKind;
  device: DeviceSetting;
  /** undefined: the engine's own choice for the device. */
  dtype?: Dtype;
}

export interface RunPlan {
  maxNewTokens: number;
  /** Engine/bare pairs at the small region, alternating which runs first. */
  smallPairs: number;
  /** Engine/bare pairs at the large region (after the engine's first, cold, large capture). */
  largePairs: number;
  timeoutMs: number;
}

export const plans: Record<ModelKind, RunPlan> = {
  tiny: { maxNewTokens: 48, smallPairs: 9, largePairs: 3, timeoutMs: 3 * 60_000 },
  // One 512 px tile of the real-shaped model takes seconds on 2 cores: few repetitions.
  'real-shaped': { maxNewTokens: 24, smallPairs: 4, largePairs: 1, timeoutMs: 8 * 60_000 },
  real: { maxNewTokens: 24, smallPairs: 4, largePairs: 1, timeoutMs: 8 * 60_000 },
};

/** A dialog-sized capture (one tile under the policy) and a full-HD screen. */
export const smallRegion: Region = { width: 320, height: 200 };
export const largeRegion: Region = { width: 1920, height: 1080 };

/** The regions of the pure tiling table. */
export const tableRegions: Region[] = [
  { width: 320, height: 200 },
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];

export const questions = { first: 'What is on the screen?', followUp: 'And how do I fix it?' };

/** The dtypes the real-shaped model is built in and compared at (each against fp32, in the same run). */
export const benchDtypes: readonly Dtype[] = ['fp32', 'q8', 'int8', 'q4'];

export interface Variant {
  dtype: Dtype;
  /** onnxruntime's worker threads spin-wait (its default) or not (the engine's desktop setting). */
  spinning: boolean;
}

/** A child process of the dtype tables: one variant's load and memory, or several variants' timings. */
export type DtypeJob =
  | { kind: 'memory'; label: string; dir: string; variant: Variant }
  | { kind: 'timing'; label: string; dir: string; variants: Variant[] };

/**
 * The dtype tables' answers, at one tile (the small region): `shortTokens`
 * and `longTokens` long, then short ones again beside a busy process
 * (`node -e 'for(;;){}'`, one core's worth of other work). Each round runs
 * every variant of the process once, in a rotating order.
 */
export const dtypePlan = {
  shortTokens: 24,
  longTokens: 400,
  shortRounds: 3,
  longRounds: 2,
  busyRounds: 3,
  timeoutMs: 10 * 60_000,
  /** The threading table: these dtypes with and without onnxruntime's spinning threads. */
  threadingDtypes: ['q8', 'fp32'] as readonly Dtype[],
};

/** Tokens for the untimed warm-up answer (first-run allocations of onnxruntime). */
export const warmUpTokens = 4;

/**
 * The text-prompt run: the first question about a capture without the
 * capture's text, with a short dialog's and with a log's at the section's
 * bound, on the same model, PNG and settings, interleaved round by round
 * (each case once per round, in a rotating order). A dialog-sized capture
 * (one SmolVLM tile) and a log window (800x600, five tiles): the text's
 * share of the prompt, and so of the time to the first token, depends on
 * the image's tokens beside it.
 */
export const textPromptPlan = {
  regions: [smallRegion, { width: 800, height: 600 }] as readonly Region[],
  rounds: { tiny: 9, 'real-shaped': 7, real: 7 } as Record<ModelKind, number>,
  /** Only the time to the first token is compared: a few tokens are enough. */
  maxNewTokens: 8,
  /** About 6 minutes for the real-shaped model on 2 quiet cores; twice that when the machine is busy. */
  timeoutMs: 15 * 60_000,
};

/**
 * The pre-encode run: the first question about a capture, asked of a new
 * conversation (the image encoded once the question is asked) and of one
 * whose capture Vlm.prepare encoded beforehand, as the host does when a
 * capture opens. On the same model, PNG, question and settings, interleaved
 * round by round (each case once per round, in a rotating order). A dialog
 * (600x200: one SmolVLM tile) and a full-HD screen: what prepare saves is
 * the image's share of the first token's time, which grows with its tiles.
 */
export const preEncodePlan = {
  regions: [{ width: 600, height: 200 }, largeRegion] as readonly Region[],
  rounds: { tiny: 9, 'real-shaped': 7, real: 7 } as Record<ModelKind, number>,
  /** Only the time to the first token is compared: a few tokens are enough. */
  maxNewTokens: 8,
  /** About 5 minutes for the real-shaped model on 2 quiet cores; more when the machine is busy. */
  timeoutMs: 20 * 60_000,
};
