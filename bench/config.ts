// What the benchmark measures and how often: regions, questions, and the
// number of tokens and repetitions per kind of model, sized so that the whole
// run stays within a few minutes on a 2-core CPU.
import type { DeviceSetting, Dtype } from '../main/core/engine-protocol.js';
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

/** Tokens for the untimed warm-up answer (first-run allocations of onnxruntime). */
export const warmUpTokens = 4;
