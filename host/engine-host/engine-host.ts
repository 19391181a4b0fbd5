// The engine's supervisor, on the main side: starts the engine, loads models,
// sends questions, and owns the engine's life — a restart with backoff after a
// crash, a kill for a stop the engine cannot honour, and giving up (and
// saying why) when restarting does not help. Everything is messages: nothing
// here waits on the engine synchronously, so loading never blocks the caller.
// No electron import: the app passes the utility-process launcher in, tests
// and the CLI a Node one.
//
// Stop semantics (DESIGN.md, "cancellation"):
// - an answer not yet sent to the engine ends at once;
// - one that is queued or decoding gets {type:'stop'} on its channel and
//   stopGraceMs to end it; past that the engine is killed;
// - one in 'encoding' or 'prefill' is inside a native inference call that
//   nothing interrupts: the engine is killed at once.
// Every stopped answer ends with done 'stopped', never an error. A kill to
// stop is not a crash: it does not count toward giving up, the engine is
// restarted at once and the last model reloaded, and other answers that had
// not streamed anything yet are sent again to the new engine (the host keeps
// each request whole); one that had (only if an engine runs two at once)
// ends with an error that says it was cut short.
import { RestartPolicy, type BackoffOptions } from '../../common/backoff.js';
import {
  AnswerEvent,
  CropReply,
  EngineToHost,
  type CropRequest,
  GenerateRequest,
  ResizeReply,
  type EngineError,
  type EngineErrorCode,
  type EngineRuntime,
  type LoadModel,
  type ModelStatus,
} from '../../common/engine-protocol.js';
import type { WireChannel } from '../../common/engine-wire.js';
import { describeIssues } from '../../common/schema.js';
import type { core } from 'zod/mini';
import { Answer, type AnswerStream } from './answer.js';
import type { EngineExit, EngineLauncher, EngineProcess } from './engine-process.js';
import { TypedListeners } from './listeners.js';
import * as wording from './wording.js';

export type { AnswerStream } from './answer.js';
export type LoadOptions = Omit<LoadModel, 'type'>;
export type AskRequest = Omit<GenerateRequest, 'type'>;

export type EngineHostState = 'idle' | 'starting' | 'ready' | 'restarting' | 'gave-up' | 'disposed';

export interface EngineHostEvents {
  state: EngineHostState;
  'engine-ready': { pid: number | undefined; runtime: EngineRuntime };
  'model-loading': { modelDir: string; attempt: string };
  'model-loaded': ModelStatus;
  'model-load-failed': { modelDir: string; error: EngineError };
  'model-unloaded': { modelDir: string | undefined };
  'engine-crashed': EngineExit & { pid: number | undefined; description: string };
  /** reason 'stop': killed on purpose to stop an answer; delayMs 0 and attempt 0 then. */
  'engine-restarting': { reason: 'crash' | 'stop'; delayMs: number; attempt: number };
  'engine-gave-up': { reason: string };
  /** reportedBy 'host': the engine sent something malformed; 'engine': it says we did. */
  'protocol-error': { reportedBy: 'host' | 'engine'; message: string };
}

export interface EngineHostOptions {
  launcher: EngineLauncher;
  backoff?: Partial<BackoffOptions>;
  /** How long a stopped answer in 'decoding' (or queued) may take to end before the engine is killed. */
  stopGraceMs?: number;
  /** How long the engine may take to answer hello. */
  startTimeoutMs?: number;
  now?: () => number;
}

/** Why load() or start() failed; code is the engine's, or 'engine-crashed' when the engine is gone. */
export class EngineHostError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineHostError';
  }
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

interface Session {
  readonly proc: EngineProcess;
  readonly pid: number | undefined;
  runtime: EngineRuntime | undefined;
  exited: boolean;
  killedOnPurpose: 'stop' | 'dispose' | undefined;
  timedOut: boolean;
  startTimer: ReturnType<typeof setTimeout> | undefined;
  readonly exit: Promise<void>;
  markExited(): void;
}

interface SentLoad {
  readonly options: LoadOptions;
  readonly waiters: Array<Waiter<ModelStatus>>;
}

// How long an answer whose channel closed early waits for the engine's exit
// to explain it (ports can close before the process exit is reported).
const closeSettleMs = 300;

export class EngineHost {
  private readonly launcher: EngineLauncher;
  private readonly policy: RestartPolicy;
  private readonly stopGraceMs: number;
  private readonly startTimeoutMs: number;
  private readonly now: () => number;
  private readonly events = new TypedListeners<EngineHostEvents>();

  private currentState: EngineHostState = 'idle';
  private session: Session | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private gaveUpReason: string | undefined;
  private nextAnswerId = 1;
  /** Unfinished answers, waiting for an engine or with one. */
  private readonly answers = new Set<Answer<Session>>();
  private readyWaiters: Array<Waiter<EngineRuntime>> = [];
  /** The model a (re)started engine should have: the latest load(), until it fails or unload(). */
  private lastLoad: LoadOptions | undefined;
  /** Callers of load() for lastLoad while no engine was ready to receive it. */
  private unsentLoadWaiters: Array<Waiter<ModelStatus>> = [];
  /** Loads sent to the engine, oldest first: each gets exactly one loaded or load-failed. */
  private sentLoads: SentLoad[] = [];
  private unloadWaiters: Array<() => void> = [];
  private loadedModel: ModelStatus | undefined;

  constructor(options: EngineHostOptions) {
    this.launcher = options.launcher;
    this.policy = new RestartPolicy(options.backoff);
    this.stopGraceMs = options.stopGraceMs ?? 1500;
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get state(): EngineHostState {
    return this.currentState;
  }

  /** The running engine's process id, if one runs. */
  get pid(): number | undefined {
    return this.session?.exited ? undefined : this.session?.pid;
  }

  /** The model the engine last reported loaded; cleared by a failed load, unload() and an engine exit. */
  get model(): ModelStatus | undefined {
    return this.loadedModel;
  }

  /** Subscribes to a status event; returns the unsubscribe function. */
  on<E extends keyof EngineHostEvents>(event: E, listener: (payload: EngineHostEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Starts the engine (load() and ask() do it too) and resolves once it answered
   * hello. After the host gave up, start() is the way to try again.
   */
  start(): Promise<EngineRuntime> {
    if (this.currentState === 'disposed') return Promise.reject(this.unavailable());
    if (this.currentState === 'ready' && this.session?.runtime) return Promise.resolve(this.session.runtime);
    if (this.currentState === 'gave-up') {
      this.gaveUpReason = undefined;
      this.policy.reset();
    }
    const ready = new Promise<EngineRuntime>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    this.ensureStarted();
    return ready;
  }

  /**
   * Loads a model and resolves with its status, or rejects with the engine's
   * reason (an EngineHostError). The host remembers it: an engine restarted
   * after a crash or a hard stop loads it again by itself.
   */
  load(options: LoadOptions): Promise<ModelStatus> {
    if (this.currentState === 'disposed' || this.currentState === 'gave-up') return Promise.reject(this.unavailable());
    const request = { ...options };
    this.lastLoad = request;
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      if (this.engineReady()) {
        this.sendLoad(request, [waiter]);
        return;
      }
      this.rejectAll(this.unsentLoadWaiters, superseded());
      this.unsentLoadWaiters = [waiter];
      this.ensureStarted();
    });
  }

  /** Unloads the model; a restarted engine then starts without one. */
  unload(): Promise<void> {
    this.lastLoad = undefined;
    this.rejectAll(
      this.unsentLoadWaiters,
      new EngineHostError('no-model', 'The model was unloaded before it finished loading.'),
    );
    this.unsentLoadWaiters = [];
    const session = this.session;
    if (!session || !this.engineReady()) return Promise.resolve();
    return new Promise((resolve) => {
      this.unloadWaiters.push(resolve);
      session.proc.send({ type: 'unload' });
    });
  }

  /**
   * Asks the engine; the answer streams on its own request channel. It waits
   * for a starting or restarting engine (and its model); after the host gave
   * up it ends at once with an error that says why.
   */
  ask(request: AskRequest): AnswerStream {
    const parsed = GenerateRequest.safeParse({ ...request, type: 'generate' });
    const answer = new Answer<Session>(
      this.nextAnswerId++,
      parsed.success ? parsed.data : { ...request, type: 'generate' },
      (a) => this.stopAnswer(a),
    );
    if (!parsed.success) {
      answer.fail({ code: 'bad-request', message: `The question is malformed: ${describeIssues(parsed.error)}` });
    } else if (this.currentState === 'disposed' || this.currentState === 'gave-up') {
      answer.fail(this.unavailableError());
    } else {
      this.answers.add(answer);
      this.ensureStarted();
      this.dispatchWaiting();
    }
    return answer;
  }

  /**
   * Cuts a region out of a display capture in the engine (sharp never runs in
   * Electron's main process) and resolves with the lossless PNG.
   */
  async crop(
    capture: Uint8Array,
    rect: CropRequest['rect'],
  ): Promise<{ png: Uint8Array; width: number; height: number }> {
    const reply = await this.imageRequest({ type: 'crop', capture, rect }, CropReply, wording.cropInterrupted);
    if (reply.type !== 'cropped') throw new EngineHostError('internal', 'The engine sent the wrong reply to a crop.');
    return { png: reply.png, width: reply.width, height: reply.height };
  }

  /**
   * Scales a capture down to maxSide and encodes it (PNG, or JPEG where
   * allowed and smaller) for a remote model server, in the engine.
   */
  async resize(
    image: Uint8Array,
    maxSide: number,
    allowJpeg: boolean,
  ): Promise<{ bytes: Uint8Array; mime: 'image/png' | 'image/jpeg'; width: number; height: number }> {
    const reply = await this.imageRequest(
      { type: 'resize', image, maxSide, allowJpeg },
      ResizeReply,
      wording.resizeInterrupted,
    );
    if (reply.type !== 'resized') throw new EngineHostError('internal', 'The engine sent the wrong reply to a resize.');
    return { bytes: reply.bytes, mime: reply.mime, width: reply.width, height: reply.height };
  }

  /** One image job on its own request channel: one reply, then the channel closes. */
  private async imageRequest<Reply extends { type: string }>(
    request: { type: 'crop' | 'resize'; [field: string]: unknown },
    schema: {
      safeParse(raw: unknown): { success: true; data: Reply | ErrorReply } | { success: false; error: core.$ZodError };
    },
    interrupted: string,
  ): Promise<Reply> {
    await this.start();
    const session = this.session;
    if (!session || !this.engineReady()) throw this.unavailable();
    const channel = session.proc.openRequest();
    return new Promise((resolve, reject) => {
      let settled = false;
      channel.onMessage((raw) => {
        const reply = schema.safeParse(raw);
        settled = true;
        channel.close();
        if (!reply.success)
          reject(
            new EngineHostError(
              'internal',
              `The engine sent a malformed ${request.type} reply: ${describeIssues(reply.error)}`,
            ),
          );
        else if (isErrorReply(reply.data)) reject(new EngineHostError(reply.data.error.code, reply.data.error.message));
        else resolve(reply.data);
      });
      channel.onClose(() => {
        if (!settled) reject(new EngineHostError('engine-crashed', interrupted));
      });
      channel.post(request);
    });
  }

  /** Kills the engine and ends everything: answers end with done 'stopped', waiting calls reject. */
  async dispose(): Promise<void> {
    if (this.currentState === 'disposed') return this.session?.exit;
    this.setState('disposed');
    clearTimeout(this.restartTimer);
    for (const answer of [...this.answers]) this.finish(answer, () => answer.endStopped());
    const error = this.unavailable();
    this.rejectAll(this.readyWaiters, error);
    this.rejectAll(this.unsentLoadWaiters, error);
    for (const sent of this.sentLoads) this.rejectAll(sent.waiters, error);
    this.readyWaiters = [];
    this.unsentLoadWaiters = [];
    this.sentLoads = [];
    this.resolveUnloads();
    const session = this.session;
    if (session && !session.exited) {
      session.killedOnPurpose = 'dispose';
      session.proc.kill();
      await session.exit;
    }
  }

  // --- the engine process -------------------------------------------------

  private ensureStarted(): void {
    if (this.currentState === 'idle' || this.currentState === 'gave-up') this.launch();
  }

  private launch(): void {
    this.setState('starting');
    let proc: EngineProcess;
    try {
      proc = this.launcher.launch();
    } catch (error) {
      console.error('Sightline: could not start the engine:', error);
      proc = deadProcess();
    }
    let markExited = (): void => {};
    const exit = new Promise<void>((resolve) => (markExited = resolve));
    const session: Session = {
      proc,
      pid: proc.pid,
      runtime: undefined,
      exited: false,
      killedOnPurpose: undefined,
      timedOut: false,
      startTimer: undefined,
      exit,
      markExited,
    };
    this.session = session;
    proc.onMessage((raw) => this.fromEngine(session, raw));
    proc.onExit((info) => this.sessionExited(session, info));
    session.startTimer = setTimeout(() => {
      session.timedOut = true;
      proc.kill();
    }, this.startTimeoutMs);
    proc.send({ type: 'hello' });
  }

  private engineReady(): boolean {
    const session = this.session;
    return this.currentState === 'ready' && !!session?.runtime && !session.exited && !session.killedOnPurpose;
  }

  private fromEngine(session: Session, raw: unknown): void {
    if (session !== this.session || session.exited || session.killedOnPurpose) return;
    const parsed = EngineToHost.safeParse(raw);
    if (!parsed.success) {
      this.protocolError('host', `The engine sent a malformed message: ${describeIssues(parsed.error)}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        return this.engineStarted(session, message.runtime);
      case 'loading':
        return this.events.emit('model-loading', { modelDir: message.modelDir, attempt: message.attempt });
      case 'loaded': {
        this.loadedModel = message.model;
        const sent = this.sentLoads.shift();
        for (const waiter of sent?.waiters ?? []) waiter.resolve(message.model);
        this.events.emit('model-loaded', message.model);
        return this.dispatchWaiting();
      }
      case 'load-failed': {
        this.loadedModel = undefined;
        const sent = this.sentLoads.shift();
        // Loading a model that fails would fail again after a restart.
        if (sent && sent.options === this.lastLoad) this.lastLoad = undefined;
        this.rejectAll(sent?.waiters ?? [], new EngineHostError(message.error.code, message.error.message));
        this.events.emit('model-load-failed', { modelDir: message.modelDir, error: message.error });
        return this.dispatchWaiting();
      }
      case 'unloaded': {
        const modelDir = this.loadedModel?.modelDir;
        this.loadedModel = undefined;
        this.unloadWaiters.shift()?.();
        return this.events.emit('model-unloaded', { modelDir });
      }
      case 'protocol-error':
        return this.protocolError('engine', message.message);
    }
  }

  private engineStarted(session: Session, runtime: EngineRuntime): void {
    if (session.runtime) return; // a repeated hello's answer
    clearTimeout(session.startTimer);
    session.runtime = runtime;
    this.setState('ready');
    this.events.emit('engine-ready', { pid: session.pid, runtime });
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter.resolve(runtime);
    if (this.lastLoad) {
      const unsent = this.unsentLoadWaiters;
      this.unsentLoadWaiters = [];
      this.sendLoad(this.lastLoad, unsent);
    }
    this.dispatchWaiting();
  }

  private sendLoad(options: LoadOptions, waiters: Array<Waiter<ModelStatus>>): void {
    this.sentLoads.push({ options, waiters });
    this.session?.proc.send({ type: 'load', ...options });
  }

  private sessionExited(session: Session, exit: EngineExit): void {
    if (session.exited) return;
    session.exited = true;
    clearTimeout(session.startTimer);
    session.markExited();
    if (session !== this.session || this.currentState === 'disposed') return;
    this.loadedModel = undefined;
    this.resolveUnloads();
    // Loads the engine did not finish: the one for lastLoad carries over to
    // the next engine, older ones are moot.
    for (const sent of this.sentLoads) {
      if (sent.options === this.lastLoad) this.unsentLoadWaiters.unshift(...sent.waiters);
      else this.rejectAll(sent.waiters, superseded());
    }
    this.sentLoads = [];
    const onIt = [...this.answers].filter((answer) => answer.session === session);

    if (session.killedOnPurpose === 'stop') {
      for (const answer of onIt) {
        if (answer.stopRequested) this.finish(answer, () => answer.endStopped());
        else if (answer.sawDelta) this.finish(answer, () => answer.fail(wording.restartedForStop));
        else answer.detach();
      }
      this.launch();
      return;
    }

    const description = wording.describeExit({
      ...exit,
      started: !!session.runtime,
      startTimeoutMs: session.timedOut ? this.startTimeoutMs : undefined,
    });
    this.events.emit('engine-crashed', { ...exit, pid: session.pid, description });
    const decision = this.policy.crashed(this.now());
    if (decision.action === 'restart') {
      for (const answer of onIt) this.finish(answer, () => answer.fail(wording.crashedRestarting(description)));
      this.setState('restarting');
      this.events.emit('engine-restarting', { reason: 'crash', delayMs: decision.delayMs, attempt: decision.attempt });
      this.restartTimer = setTimeout(() => this.launch(), decision.delayMs);
      return;
    }
    for (const answer of onIt)
      this.finish(answer, () => answer.fail(wording.crashedGivenUp(description, decision.reason)));
    this.gaveUpReason = decision.reason;
    this.setState('gave-up');
    this.events.emit('engine-gave-up', { reason: decision.reason });
    const error = this.unavailable();
    for (const answer of [...this.answers]) this.finish(answer, () => answer.fail(this.unavailableError()));
    this.rejectAll(this.readyWaiters, error);
    this.rejectAll(this.unsentLoadWaiters, error);
    this.readyWaiters = [];
    this.unsentLoadWaiters = [];
  }

  // --- answers --------------------------------------------------------------

  /** Sends waiting answers once the engine is ready and done loading. */
  private dispatchWaiting(): void {
    const session = this.session;
    if (!session || !this.engineReady() || this.sentLoads.length > 0) return;
    for (const answer of this.answers) {
      if (!answer.channel && !answer.finished) this.dispatch(answer, session);
    }
  }

  private dispatch(answer: Answer<Session>, session: Session): void {
    const channel = session.proc.openRequest();
    answer.channel = channel;
    answer.session = session;
    channel.onMessage((raw) => this.fromAnswer(answer, channel, raw));
    channel.onClose(() => this.answerChannelClosed(answer, channel));
    channel.post(answer.request);
  }

  private fromAnswer(answer: Answer<Session>, channel: WireChannel, raw: unknown): void {
    // Events from an engine being killed are void: the answer is being ended
    // or sent again, and a stray delta would be shown twice.
    if (answer.finished || answer.channel !== channel || answer.session?.killedOnPurpose) return;
    const parsed = AnswerEvent.safeParse(raw);
    if (!parsed.success) {
      this.protocolError('host', `The engine sent a malformed answer event: ${describeIssues(parsed.error)}`);
      return;
    }
    const event = parsed.data;
    switch (event.type) {
      case 'phase':
        answer.phase = event.phase;
        answer.push(event);
        // The stop came too late: the engine went on into a run it cannot interrupt.
        if (answer.stopRequested && uninterruptible(event.phase)) this.hardStop(answer);
        return;
      case 'delta':
        answer.sawDelta = true;
        return answer.push(event);
      case 'done':
      case 'error':
        return this.finish(answer, () => answer.finish(event));
    }
  }

  private answerChannelClosed(answer: Answer<Session>, channel: WireChannel): void {
    if (answer.finished || answer.channel !== channel) return;
    setTimeout(() => {
      if (!answer.finished && answer.channel === channel && !answer.session?.exited) {
        this.finish(answer, () => answer.fail(wording.closedUnfinished));
      }
    }, closeSettleMs);
  }

  private stopAnswer(answer: Answer<Session>): void {
    if (answer.finished || answer.stopRequested) return;
    answer.stopRequested = true;
    const channel = answer.channel;
    if (!channel) return this.finish(answer, () => answer.endStopped());
    if (uninterruptible(answer.phase)) return this.hardStop(answer);
    channel.post({ type: 'stop' });
    answer.graceTimer = setTimeout(() => this.hardStop(answer), this.stopGraceMs);
  }

  /** Ends the answer as stopped and kills its engine, which restarts at once. */
  private hardStop(answer: Answer<Session>): void {
    if (answer.finished) return;
    const session = answer.session;
    this.finish(answer, () => answer.endStopped());
    if (!session || session !== this.session || session.exited || session.killedOnPurpose) return;
    session.killedOnPurpose = 'stop';
    this.setState('restarting');
    this.events.emit('engine-restarting', { reason: 'stop', delayMs: 0, attempt: 0 });
    session.proc.kill();
  }

  private finish(answer: Answer<Session>, end: () => void): void {
    end();
    this.answers.delete(answer);
  }

  // --- helpers --------------------------------------------------------------

  private setState(state: EngineHostState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.events.emit('state', state);
  }

  private protocolError(reportedBy: 'host' | 'engine', message: string): void {
    this.events.emit('protocol-error', { reportedBy, message });
  }

  /** Why nothing can be asked: the host was disposed, or it gave up. */
  private unavailableError(): EngineError {
    if (this.currentState === 'gave-up' && this.gaveUpReason) return wording.gaveUp(this.gaveUpReason);
    return wording.hostDisposed;
  }

  private unavailable(): EngineHostError {
    const error = this.unavailableError();
    return new EngineHostError(error.code, error.message);
  }

  private rejectAll<T>(waiters: Array<Waiter<T>>, error: Error): void {
    for (const waiter of waiters) waiter.reject(error);
  }

  private resolveUnloads(): void {
    const waiters = this.unloadWaiters;
    this.unloadWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function uninterruptible(phase: string | undefined): boolean {
  return phase === 'encoding' || phase === 'prefill';
}

type ErrorReply = { type: 'error'; error: EngineError };

function isErrorReply(reply: { type: string }): reply is ErrorReply {
  return reply.type === 'error';
}

function superseded(): EngineHostError {
  return new EngineHostError('no-model', 'Another model was requested before this one finished loading.');
}

/** Stands in for a process the launcher could not start: it "exits" at once. */
function deadProcess(): EngineProcess {
  let exitListener: ((exit: EngineExit) => void) | undefined;
  queueMicrotask(() => exitListener?.({ code: null, signal: null }));
  return {
    pid: undefined,
    send: () => {},
    openRequest: () => {
      throw new Error('The engine is not running.');
    },
    onMessage: () => {},
    onExit: (listener) => void (exitListener = listener),
    kill: () => {},
  };
}
