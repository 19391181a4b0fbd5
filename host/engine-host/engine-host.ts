// The engine's supervisor, on the host side: starts the engine process and
// owns its life — a restart with backoff after a crash, a kill for a stop the
// engine cannot honour (then an immediate restart, which does not count as a
// crash), and giving up, saying why, when restarting does not help. This is
// the API the rest of the app uses; its parts: model-loads.ts (the models
// asked for, reloaded after a restart), answer-dispatch.ts (questions, their
// streams and stops) and image-jobs.ts (crops, resizes and text reads).
// Everything is messages: nothing here waits on the engine synchronously, so
// loading never blocks the caller. No electron import: the app passes the
// utility-process launcher in, tests and the CLI a Node one. (About 330
// lines: the process's life is one state machine, read best in one place.)
import { RestartPolicy, type BackoffOptions } from '../../common/backoff.js';
import type { CaptureText } from '../../common/capture-text.js';
import { CodedError } from '../../common/coded-error.js';
import {
  EngineToHost,
  type CropRequest,
  type FillBoxesRequest,
  type EngineError,
  type EngineRuntime,
  type ImageSource,
  type ModelStatus,
  type AnswerRequest,
  type ReadTextRequest,
} from '../../common/engine-protocol.js';
import type { WireChannel } from '../../common/engine-wire.js';
import { describeIssues } from '../../common/schema.js';
import type { AnswerStream } from './answer.js';
import { AnswerDispatch } from './answer-dispatch.js';
import type { EngineHostEvents, EngineHostState } from './engine-host-events.js';
import type { EngineExit, EngineLauncher } from './engine-process.js';
import { openSession, type Session } from './engine-session.js';
import {
  cropOn,
  fillBoxesOn,
  prepareImageOn,
  readTextOn,
  resizeOn,
  type CroppedImage,
  type PreparedImage,
  type ResizedImage,
} from './image-jobs.js';
import { TypedListeners } from './listeners.js';
import { ModelLoads, type LoadOptions } from './model-loads.js';
import { rejectAll, type Waiter } from './waiters.js';
import * as wording from './wording.js';

export type { AnswerStream } from './answer.js';
export type { EngineHostEvents, EngineHostState } from './engine-host-events.js';
export type { LoadOptions } from './model-loads.js';

export interface EngineHostOptions {
  launcher: EngineLauncher;
  backoff?: Partial<BackoffOptions>;
  /** How long a stopped answer in 'decoding' (or queued) may take to end before the engine is killed. */
  stopGraceMs?: number;
  /** How long the engine may take to answer hello. */
  startTimeoutMs?: number;
  now?: () => number;
}

export class EngineHost {
  private readonly launcher: EngineLauncher;
  private readonly policy: RestartPolicy;
  private readonly startTimeoutMs: number;
  private readonly now: () => number;
  private readonly events = new TypedListeners<EngineHostEvents>();
  private readonly loads = new ModelLoads();
  private readonly answers: AnswerDispatch;

  private currentState: EngineHostState = 'idle';
  private session: Session | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private gaveUpReason: string | undefined;
  private readyWaiters: Array<Waiter<EngineRuntime>> = [];

  constructor(options: EngineHostOptions) {
    this.launcher = options.launcher;
    this.policy = new RestartPolicy(options.backoff);
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
    const engine = {
      readySession: () => (this.engineReady() && !this.loads.pending ? this.session : undefined),
      killToStop: (session: Session) => this.killToStop(session),
      protocolError: (message: string) => this.protocolError('host', message),
    };
    this.answers = new AnswerDispatch(engine, options.stopGraceMs ?? 1500);
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
    return this.loads.model;
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
   * reason (a CodedError). The host remembers it: an engine restarted after a
   * crash or a hard stop loads it again by itself.
   */
  load(options: LoadOptions): Promise<ModelStatus> {
    if (this.currentState === 'disposed' || this.currentState === 'gave-up') return Promise.reject(this.unavailable());
    return new Promise((resolve, reject) => {
      const engine = this.readyEngine();
      this.loads.request(options, { resolve, reject }, engine);
      if (!engine) this.ensureStarted();
    });
  }

  /** Unloads the model; a restarted engine then starts without one. */
  unload(): Promise<void> {
    return this.loads.unload(this.readyEngine());
  }

  /**
   * Asks the engine; the answer streams on its own request channel. It waits
   * for a starting or restarting engine (and its model); after the host gave
   * up it ends at once with an error that says why.
   */
  ask(request: AnswerRequest): AnswerStream {
    const refused = this.currentState === 'disposed' || this.currentState === 'gave-up';
    const answer = this.answers.ask(request, refused ? this.unavailableError() : undefined);
    if (!answer.finished) this.ensureStarted();
    return answer;
  }

  /** Cuts a region out of a display capture in the engine and resolves with the lossless PNG. */
  async crop(capture: Uint8Array, rect: CropRequest['rect']): Promise<CroppedImage> {
    return cropOn(await this.requestChannel(), capture, rect);
  }

  /** The capture with each box filled opaque, in the engine (the image that leaves once secrets are hidden). */
  async fillBoxes(image: Uint8Array, boxes: FillBoxesRequest['boxes']): Promise<Uint8Array> {
    return fillBoxesOn(await this.requestChannel(), image, boxes);
  }

  /** Scales a capture down to maxSide and encodes it (PNG, or JPEG where allowed and smaller) for a remote model server, in the engine. */
  async resize(image: Uint8Array, maxSide: number, allowJpeg: boolean): Promise<ResizedImage> {
    return resizeOn(await this.requestChannel(), image, maxSide, allowJpeg);
  }

  /**
   * Reads a capture's text with the engine's text layer (OCR, English or
   * French as its words say, or as `lang` says). It waits for a starting engine, like crop();
   * rejects with a CodedError carrying the engine's code ('bad-image',
   * 'model-missing', 'internal'; 'engine-crashed' if the engine stopped).
   */
  async readText(image: ImageSource, lang?: ReadTextRequest['lang']): Promise<CaptureText> {
    return readTextOn(await this.requestChannel(), image, lang);
  }

  /**
   * Encodes a capture for its conversation's first question, before it is
   * asked (queued with the answers in the engine); the signal cancels it
   * while it waits. Rejects like readText(); 'no-model' without a model.
   */
  async prepareImage(
    conversationId: string,
    image: ImageSource,
    signal?: AbortSignal,
  ): Promise<PreparedImage | undefined> {
    return prepareImageOn(await this.requestChannel(), conversationId, image, signal);
  }

  /** Kills the engine and ends everything: answers end with done 'stopped', waiting calls reject. */
  async dispose(): Promise<void> {
    if (this.currentState === 'disposed') return this.session?.exit;
    this.setState('disposed');
    clearTimeout(this.restartTimer);
    this.answers.stopAll();
    const error = this.unavailable();
    rejectAll(this.readyWaiters, error);
    this.readyWaiters = [];
    this.loads.endAll(error);
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
    const session = openSession(this.launcher);
    this.session = session;
    session.proc.onMessage((raw) => this.fromEngine(session, raw));
    session.proc.onExit((info) => this.sessionExited(session, info));
    session.startTimer = setTimeout(() => {
      session.timedOut = true;
      session.proc.kill();
    }, this.startTimeoutMs);
    session.proc.send({ type: 'hello' });
  }

  private engineReady(): boolean {
    const session = this.session;
    return this.currentState === 'ready' && !!session?.runtime && !session.exited && !session.killedOnPurpose;
  }

  /** The engine process to send a load or unload to: undefined unless it is ready. */
  private readyEngine(): Session['proc'] | undefined {
    return this.engineReady() ? this.session?.proc : undefined;
  }

  /** A new request channel on the ready engine, starting it if need be. */
  private async requestChannel(): Promise<WireChannel> {
    await this.start();
    const session = this.session;
    if (!session || !this.engineReady()) throw this.unavailable();
    return session.proc.openRequest();
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
      case 'loaded':
        this.loads.loaded(message.model);
        this.events.emit('model-loaded', message.model);
        return this.answers.dispatchWaiting();
      case 'load-failed':
        this.loads.failed(message.error);
        this.events.emit('model-load-failed', { modelDir: message.modelDir, error: message.error });
        return this.answers.dispatchWaiting();
      case 'unloaded':
        return this.events.emit('model-unloaded', { modelDir: this.loads.unloaded() });
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
    this.loads.engineReady(session.proc);
    this.answers.dispatchWaiting();
  }

  private sessionExited(session: Session, exit: EngineExit): void {
    if (session.exited) return;
    session.exited = true;
    clearTimeout(session.startTimer);
    session.markExited();
    if (session !== this.session || this.currentState === 'disposed') return;
    this.loads.engineExited();

    if (session.killedOnPurpose === 'stop') {
      this.answers.engineKilledForStop(session);
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
      this.answers.failOn(session, wording.crashedRestarting(description));
      this.setState('restarting');
      this.events.emit('engine-restarting', { reason: 'crash', delayMs: decision.delayMs, attempt: decision.attempt });
      this.restartTimer = setTimeout(() => this.launch(), decision.delayMs);
      return;
    }
    this.answers.failOn(session, wording.crashedGivenUp(description, decision.reason));
    this.gaveUpReason = decision.reason;
    this.setState('gave-up');
    this.events.emit('engine-gave-up', { reason: decision.reason });
    const error = this.unavailable();
    this.answers.failAll(this.unavailableError());
    rejectAll(this.readyWaiters, error);
    this.readyWaiters = [];
    this.loads.rejectUnsent(error);
  }

  /** Kills the engine an answer runs on, to stop it; it restarts at once. */
  private killToStop(session: Session): void {
    if (session !== this.session || session.exited || session.killedOnPurpose) return;
    session.killedOnPurpose = 'stop';
    this.setState('restarting');
    this.events.emit('engine-restarting', { reason: 'stop', delayMs: 0, attempt: 0 });
    session.proc.kill();
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

  private unavailable(): CodedError {
    const error = this.unavailableError();
    return new CodedError(error.code, error.message);
  }
}
