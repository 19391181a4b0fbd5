// Keeps the chosen model loaded while it is in use and gives its memory back
// after a quiet spell: the app loads the model at launch (so the first answer
// does not wait for it), unloads it after `idleMinutes` without a question,
// and loads it again, in the background of the next question, when asked.
import type { ModelStatus } from '../core/engine-protocol.js';
import type { AnswerStream, AskRequest, LoadOptions } from './engine-host.js';

/** The part of EngineHost the keeper drives. */
export interface ModelHost {
  load(options: LoadOptions): Promise<ModelStatus>;
  unload(): Promise<void>;
  ask(request: AskRequest): AnswerStream;
  readonly model: ModelStatus | undefined;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class ModelKeeper {
  private wanted: LoadOptions | undefined;
  private idleTimer: unknown;
  private running = 0;

  constructor(
    private readonly host: ModelHost,
    private idleMinutes: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Loads `options` now (the app calls this at launch and when the model setting changes). */
  use(options: LoadOptions): Promise<ModelStatus> {
    this.wanted = options;
    this.armIdleTimer();
    return this.host.load(options);
  }

  setIdleMinutes(minutes: number): void {
    this.idleMinutes = minutes;
    this.armIdleTimer();
  }

  /** Asks; a model unloaded for idleness is loaded again first (the host queues the question behind it). */
  ask(request: AskRequest): AnswerStream {
    if (this.wanted && !this.host.model) {
      // Errors reach the caller through the answer (no-model); nothing to add here.
      this.host.load(this.wanted).catch(() => undefined);
    }
    this.running += 1;
    this.clearIdleTimer();
    const answer = this.host.ask(request);
    // Re-arm the idle timer when this answer ends, however it ends.
    const answerEnded = () => {
      this.running -= 1;
      this.armIdleTimer();
    };
    return {
      get id() {
        return answer.id;
      },
      get phase() {
        return answer.phase;
      },
      stop: () => answer.stop(),
      async *[Symbol.asyncIterator]() {
        try {
          yield* answer;
        } finally {
          answerEnded();
        }
      },
    };
  }

  dispose(): void {
    this.clearIdleTimer();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== undefined) this.timers.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    if (this.idleMinutes <= 0 || this.running > 0) return;
    this.idleTimer = this.timers.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.running === 0 && this.host.model) void this.host.unload();
    }, this.idleMinutes * 60_000);
  }
}
