// What to do when a request to the hub fails in a way that may pass: a
// connection that cannot be made, one that drops mid-file, a server that
// stops sending, a 5xx or 429. Each is retried with exponential backoff; a
// failure after which bytes did arrive starts the count again, so a flaky but
// working connection finishes the download. When the retries run out the
// error says which of these it was, in words a user can act on.
import { errnoCode } from '../../common/errno-code.js';
import { cancelledError, ModelError } from './model-error.js';
import { messageOf } from '../../common/message-of.js';

export interface RetryPolicy {
  /** Consecutive failures without progress before giving up (drops, stalls, 5xx). */
  attempts: number;
  /** Consecutive failures to connect at all before saying the hub is unreachable. */
  connectAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A request that receives no byte for this long is abandoned and retried. */
  stallTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  connectAttempts: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  stallTimeoutMs: 30_000,
};

export type TransientKind = 'connect' | 'drop' | 'stall' | 'status';

/** A failure worth retrying. `progressed` says whether bytes arrived before it. */
export class TransientError extends Error {
  constructor(
    readonly kind: TransientKind,
    message: string,
    readonly progressed: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransientError';
  }
}

const connectCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Sorts a fetch failure into a connection that never opened and one that broke. */
export function networkFailureKind(error: unknown): 'connect' | 'drop' {
  const code = errnoCode(error);
  return code !== undefined && connectCodes.has(code) ? 'connect' : 'drop';
}

/** Delay before the n-th consecutive retry (1-based), with ±25% jitter so clients do not retry in step. */
export function retryDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError('The download'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError('The download'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryContext {
  policy: RetryPolicy;
  signal?: AbortSignal;
  /** host[:port], for the final message. */
  host: string;
  /** What is being fetched, for the final message ("the file list", "onnx/x.onnx"). */
  what: string;
  /** Extra advice for an unreachable hub (e.g. that HF_ENDPOINT points at a mirror). */
  offlineHint?: string;
  onRetry?: (error: TransientError, delayMs: number) => void;
}

/** Runs `operation` until it succeeds, fails permanently, or runs out of retries. */
export async function withRetries<T>(operation: () => Promise<T>, context: RetryContext): Promise<T> {
  let failures = 0;
  for (;;) {
    if (context.signal?.aborted) throw cancelledError('The download');
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      failures = error.progressed ? 1 : failures + 1;
      const limit = error.kind === 'connect' ? context.policy.connectAttempts : context.policy.attempts;
      if (failures >= limit) throw finalError(error, failures, context);
      const delay = Math.max(retryDelay(failures, context.policy), error.retryAfterMs ?? 0);
      context.onRetry?.(error, delay);
      await sleep(delay, context.signal);
    }
  }
}

function finalError(error: TransientError, failures: number, context: RetryContext): ModelError {
  const resume = 'Run the download again; it resumes where it stopped.';
  const tries = `${failures} time${failures === 1 ? '' : 's'}`;
  switch (error.kind) {
    case 'connect':
      return new ModelError(
        'offline',
        `No connection to ${context.host}: installed models keep working. ` +
          `Check the network${context.offlineHint ? ` (${context.offlineHint})` : ''}. ${resume}`,
        { cause: error },
      );
    case 'drop':
      return new ModelError(
        'offline',
        `The connection to ${context.host} broke ${tries} while fetching ${context.what}: installed models keep working. ` +
          `Check the network. ${resume}`,
        { cause: error },
      );
    case 'stall':
      return new ModelError(
        'timeout',
        `${context.host} stopped sending ${context.what} (no data for ${Math.round(context.policy.stallTimeoutMs / 1000)} s, ${tries}). ` +
          `Check the network. ${resume}`,
        { cause: error },
      );
    case 'status':
      return new ModelError(
        'server',
        `${context.host} answered HTTP ${error.status ?? '?'} for ${context.what} ${tries}: the hub may be busy or down. ` +
          `Try again later. ${resume}`,
        { cause: error },
      );
  }
}

/** A fetch whose request is aborted when no byte arrives for `stallTimeoutMs`; `touch()` after each chunk. */
export interface WatchedFetch {
  response: Response;
  /** Aborts on the caller's cancel, a stall, or close(): a read of the body should stop then. */
  signal: AbortSignal;
  touch(): void;
  /** Stops the watchdog and releases the connection if the body was not read to the end. */
  close(): void;
  stalled(): boolean;
}

export async function watchedFetch(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  stallTimeoutMs: number,
  outer?: AbortSignal,
): Promise<WatchedFetch> {
  if (outer?.aborted) throw cancelledError('The download');
  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort(new Error(`no data for ${stallTimeoutMs} ms`));
    }, stallTimeoutMs);
  };
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const close = () => {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
    if (!controller.signal.aborted) controller.abort(new Error('closed'));
  };
  arm();
  try {
    const response = await fetchImpl(url, { ...init, signal: controller.signal });
    return { response, signal: controller.signal, touch: arm, close, stalled: () => stalled };
  } catch (error) {
    close();
    throw classifyFetchError(error, { stalled, outer, progressed: false });
  }
}

/** Turns what fetch threw into a cancellation, a retryable TransientError, or leaves it be. */
export function classifyFetchError(
  error: unknown,
  state: { stalled: boolean; outer?: AbortSignal; progressed: boolean },
): Error {
  if (error instanceof ModelError) return error;
  if (state.outer?.aborted) return cancelledError('The download');
  if (state.stalled) return new TransientError('stall', 'the server stopped sending', state.progressed);
  const kind = state.progressed ? 'drop' : networkFailureKind(error);
  const detail = errnoCode(error) ?? messageOf(error);
  return new TransientError(kind, `network failure (${detail})`, state.progressed, undefined, undefined, {
    cause: error,
  });
}

/** Retry-After in ms (seconds or an HTTP date), capped so a hostile value cannot park the download. */
export function retryAfterMs(header: string | null, capMs = 60_000): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(capMs, Math.max(0, ms)) : undefined;
}
