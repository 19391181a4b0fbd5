// When to restart a crashed engine, and when to stop trying. Pure: the caller
// passes the clock in, so the policy is tested as a table of crash times.
//
// - The n-th crash in a row waits initialDelayMs · factor^(n-1), capped at
//   maxDelayMs: a crash loop must not spin the CPU or flood the log.
// - A crash-free stretch of resetAfterMs starts the count again: one crash a
//   day is bad luck, not a broken install.
// - maxCrashes crashes within windowMs means restarting does not help (a
//   corrupt model, a driver that segfaults): give up and say why.

export interface BackoffOptions {
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Give up at this many crashes within windowMs. */
  maxCrashes: number;
  windowMs: number;
  /** A gap this long between two crashes starts a new run. */
  resetAfterMs: number;
  /** Spreads delays (e.g. d => d * (0.5 + Math.random() / 2)); injected so tests stay deterministic. */
  jitter: (delayMs: number) => number;
}

export const defaultBackoff: BackoffOptions = {
  initialDelayMs: 250,
  factor: 2,
  maxDelayMs: 8_000,
  maxCrashes: 5,
  windowMs: 60_000,
  resetAfterMs: 60_000,
  jitter: (delayMs) => delayMs,
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number; /** 1 for the first crash of a run. */ attempt: number }
  | { action: 'give-up'; reason: string };

/** Base delay before restarting after the attempt-th crash in a row (1-based), before jitter. */
export function restartDelay(attempt: number, options: BackoffOptions = defaultBackoff): number {
  const delay = options.initialDelayMs * options.factor ** Math.max(0, attempt - 1);
  return Math.min(options.maxDelayMs, delay);
}

/** The crashes of the current run: the tail of crashTimes (ascending) with no gap of resetAfterMs or more. */
export function currentRun(crashTimes: readonly number[], resetAfterMs: number): number[] {
  let start = crashTimes.length - 1;
  while (start > 0 && crashTimes[start]! - crashTimes[start - 1]! < resetAfterMs) start--;
  return crashTimes.slice(Math.max(0, start));
}

/** What to do after the last crash in crashTimes (ascending timestamps in ms). */
export function decideRestart(
  crashTimes: readonly number[],
  options: BackoffOptions = defaultBackoff,
): RestartDecision {
  const run = currentRun(crashTimes, options.resetAfterMs);
  const last = run[run.length - 1];
  if (last === undefined) return { action: 'restart', delayMs: 0, attempt: 0 };
  const inWindow = run.filter((time) => last - time < options.windowMs).length;
  if (inWindow >= options.maxCrashes) {
    return {
      action: 'give-up',
      reason:
        `The engine crashed ${inWindow} time${inWindow === 1 ? '' : 's'} within ${formatSeconds(options.windowMs)}, ` +
        'so Sightline stopped restarting it.',
    };
  }
  const attempt = run.length;
  const delayMs = Math.max(0, Math.round(options.jitter(restartDelay(attempt, options))));
  return { action: 'restart', delayMs, attempt };
}

const maxKept = 64;

/** Keeps the crash history for decideRestart; forgets crashes that can no longer matter. */
export class RestartPolicy {
  private crashTimes: number[] = [];
  private readonly options: BackoffOptions;

  constructor(options: Partial<BackoffOptions> = {}) {
    this.options = { ...defaultBackoff, ...options };
  }

  crashed(now: number): RestartDecision {
    // Older runs never matter again, and past a few dozen crashes the delay is
    // at its cap anyway: a bounded list is enough.
    this.crashTimes = currentRun([...this.crashTimes, now], this.options.resetAfterMs).slice(-maxKept);
    return decideRestart(this.crashTimes, this.options);
  }

  /** A deliberate fresh start (the user asked to try again). */
  reset(): void {
    this.crashTimes = [];
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} second${seconds === 1 ? '' : 's'}`;
}
