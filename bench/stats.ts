// Small statistics over repeated runs: medians, ratios and decode rates.
import type { RunSample, Series } from './results.js';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

/** Tokens after the first, per second of decoding (the first token's time is prefill). */
export function decodeRate(completionTokens: number, timeToFirstTokenMs: number, wallMs: number): number {
  const decodingMs = wallMs - timeToFirstTokenMs;
  return completionTokens > 1 && decodingMs > 0 ? ((completionTokens - 1) * 1000) / decodingMs : Number.NaN;
}

export function series(samples: RunSample[]): Series {
  return {
    samples,
    medianWallMs: median(samples.map((s) => s.wallMs)),
    medianTimeToFirstTokenMs: median(samples.map((s) => s.timeToFirstTokenMs)),
    medianDecodeTokensPerSecond: median(samples.map((s) => s.decodeTokensPerSecond)),
  };
}
