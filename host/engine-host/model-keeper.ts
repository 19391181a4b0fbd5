// Keeps the chosen model loaded while it is in use and gives its memory back
// after a quiet spell: the app loads the model at launch (so the first answer
// does not wait for it), unloads it after `idleMinutes` without a question,
// and loads it again, in the background of the next question, when asked.
// Before any model is chosen (a first run, its download under way), a
// question is kept, and asked once one is. It is the chat's one door to the
// local model's life (ModelLifecycle in host/chat/chat-service.ts): loads go
// through it, and the engine's events are heard through it.
import type { AnswerEvent, ModelStatus, AnswerRequest, ImageSource } from '../../common/engine-protocol.js';
import type { AnswerStream, EngineHost, LoadOptions } from './engine-host.js';
import type { PreparedImage } from './image-jobs.js';

/** The part of EngineHost the keeper drives. */
export interface ModelHost {
  start(): Promise<unknown>;
  on: EngineHost['on'];
  load(options: LoadOptions): Promise<ModelStatus>;
  unload(): Promise<void>;
  ask(request: AnswerRequest): AnswerStream;
  prepareImage: EngineHost['prepareImage'];
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
  /** Questions kept until a model is chosen: each function lets one go. */
  private readonly waiting = new Set<() => void>();
  /** The load use() or warm() started, until it ends: a question meanwhile waits for it, not a second load. */
  private loading: Promise<unknown> | undefined;

  constructor(
    private readonly host: ModelHost,
    private idleMinutes: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /**
   * Starts the engine, then uses `options`: the chat's load at launch, when
   * the model changes, and its "Try again" (after the engine gave up, start()
   * is how the host tries again).
   */
  async load(options: LoadOptions): Promise<ModelStatus> {
    await this.host.start();
    return this.use(options);
  }

  /** The engine's events: the model loading, loaded, failing, unloaded; the engine restarting or giving up. */
  readonly on: EngineHost['on'] = (event, listener) => this.host.on(event, listener);

  /** Loads `options` now, on an engine that is started or starting. */
  use(options: LoadOptions): Promise<ModelStatus> {
    this.wanted = options;
    this.armIdleTimer();
    const loading = this.track(this.host.load(options));
    // Asked after the load: the host answers them once the model is in.
    for (const release of this.waiting) release();
    this.waiting.clear();
    return loading;
  }

  /** The capture shortcut was pressed: a model unloaded for idleness starts loading now, before the question. */
  warm(): void {
    if (this.wanted && !this.host.model && !this.loading)
      this.track(this.host.load(this.wanted)).catch(() => undefined);
  }

  setIdleMinutes(minutes: number): void {
    this.idleMinutes = minutes;
    this.armIdleTimer();
  }

  /** Asks; a model unloaded for idleness is loaded again first (the host queues the question behind it). */
  ask(request: AnswerRequest): AnswerStream {
    if (!this.wanted && !this.host.model) return this.keep(request);
    if (this.wanted && !this.host.model && !this.loading) {
      // Errors reach the caller through the answer (no-model); nothing to add here.
      this.track(this.host.load(this.wanted)).catch(() => undefined);
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

  /**
   * A capture opened: its image is encoded for the first question while the
   * user reads it and picks a question (a model resting after an idle spell
   * loads first). Nothing to do before a model is chosen: undefined.
   */
  async prepareImage(
    conversationId: string,
    image: ImageSource,
    signal?: AbortSignal,
  ): Promise<PreparedImage | undefined> {
    if (!this.wanted && !this.host.model) return undefined;
    this.warm();
    this.running += 1;
    this.clearIdleTimer();
    try {
      return await this.host.prepareImage(conversationId, image, signal);
    } finally {
      this.running -= 1;
      this.armIdleTimer();
    }
  }

  dispose(): void {
    this.clearIdleTimer();
  }

  private track<T>(load: Promise<T>): Promise<T> {
    const tracked = load.finally(() => {
      if (this.loading === tracked) this.loading = undefined;
    });
    this.loading = tracked;
    return tracked;
  }

  /** A question asked before any model was chosen: it says it waits, and is asked once use() is called. */
  private keep(request: AnswerRequest): AnswerStream {
    let inner: AnswerStream | undefined;
    let stopped = false;
    let wake = () => {};
    const chosen = new Promise<void>((resolve) => (wake = resolve));
    const release = () => wake();
    this.waiting.add(release);
    const ask = (next: AnswerRequest) => this.ask(next);
    const forget = () => this.waiting.delete(release);
    return {
      get id() {
        return inner?.id ?? 0;
      },
      get phase() {
        return inner ? inner.phase : 'waiting-model';
      },
      stop: () => {
        if (inner) return inner.stop();
        stopped = true;
        forget();
        wake();
      },
      async *[Symbol.asyncIterator](): AsyncGenerator<AnswerEvent> {
        try {
          yield { type: 'phase', phase: 'waiting-model' };
          await chosen;
          if (stopped) {
            yield { type: 'done', reason: 'stopped' };
            return;
          }
          inner = ask(request);
          yield* inner;
        } finally {
          forget();
        }
      },
    };
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
