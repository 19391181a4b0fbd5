// The models the engine host has asked the engine to load, and who waits for
// each. The engine answers loads in order, one 'loaded' or 'load-failed'
// each. The latest load is remembered: an engine restarted after a crash or a
// hard stop gets it again, and its callers keep waiting across the restart.
// Answers wait while a load is with the engine (see `pending`).
import { CodedError } from '../../common/coded-error.js';
import type { EngineError, HostToEngine, LoadModel, ModelStatus } from '../../common/engine-protocol.js';
import { rejectAll, type Waiter } from './waiters.js';

export type LoadOptions = Omit<LoadModel, 'type'>;

/** The ready engine a load or unload is sent to; undefined while none is. */
type ReadyEngine = { send(message: HostToEngine): void } | undefined;

interface SentLoad {
  readonly options: LoadOptions;
  readonly waiters: Array<Waiter<ModelStatus>>;
}

export class ModelLoads {
  private loadedModel: ModelStatus | undefined;
  /** The model a (re)started engine should have: the latest load, until it fails or is unloaded. */
  private wanted: LoadOptions | undefined;
  /** Callers of the wanted load while no engine was ready to receive it. */
  private unsent: Array<Waiter<ModelStatus>> = [];
  /** Loads sent to the engine, oldest first: each gets exactly one loaded or load-failed. */
  private sent: SentLoad[] = [];
  private unloadWaiters: Array<() => void> = [];

  /** The model the engine last reported loaded; cleared by a failed load, an unload and an engine exit. */
  get model(): ModelStatus | undefined {
    return this.loadedModel;
  }

  /** A load is with the engine, not answered yet. */
  get pending(): boolean {
    return this.sent.length > 0;
  }

  /** Sends the load to the ready engine, or keeps it for the next one (a caller still waiting for an older one is told it was superseded). */
  request(options: LoadOptions, waiter: Waiter<ModelStatus>, engine: ReadyEngine): void {
    const request = { ...options };
    this.wanted = request;
    if (engine) return this.send(engine, request, [waiter]);
    rejectAll(this.unsent, superseded());
    this.unsent = [waiter];
  }

  /** Forgets the wanted model, and unloads it from the ready engine, if one runs. */
  unload(engine: ReadyEngine): Promise<void> {
    this.wanted = undefined;
    rejectAll(this.unsent, new CodedError('no-model', 'The model was unloaded before it finished loading.'));
    this.unsent = [];
    if (!engine) return Promise.resolve();
    return new Promise((resolve) => {
      this.unloadWaiters.push(resolve);
      engine.send({ type: 'unload' });
    });
  }

  /** A (re)started engine answered hello: it gets the wanted model, for everyone waiting on it. */
  engineReady(engine: NonNullable<ReadyEngine>): void {
    if (!this.wanted) return;
    const waiters = this.unsent;
    this.unsent = [];
    this.send(engine, this.wanted, waiters);
  }

  loaded(model: ModelStatus): void {
    this.loadedModel = model;
    const sent = this.sent.shift();
    for (const waiter of sent?.waiters ?? []) waiter.resolve(model);
  }

  failed(error: EngineError): void {
    this.loadedModel = undefined;
    const sent = this.sent.shift();
    // Loading a model that fails would fail again after a restart.
    if (sent && sent.options === this.wanted) this.wanted = undefined;
    rejectAll(sent?.waiters ?? [], new CodedError(error.code, error.message));
  }

  /** The engine unloaded its model; returns that model's folder. */
  unloaded(): string | undefined {
    const modelDir = this.loadedModel?.modelDir;
    this.loadedModel = undefined;
    this.unloadWaiters.shift()?.();
    return modelDir;
  }

  /**
   * The engine exited with loads unfinished: the wanted one carries over to
   * the next engine, older ones are moot.
   */
  engineExited(): void {
    this.loadedModel = undefined;
    this.resolveUnloads();
    for (const sent of this.sent) {
      if (sent.options === this.wanted) this.unsent.unshift(...sent.waiters);
      else rejectAll(sent.waiters, superseded());
    }
    this.sent = [];
  }

  /** No engine will come (the host gave up): the callers waiting for one are rejected. */
  rejectUnsent(error: Error): void {
    rejectAll(this.unsent, error);
    this.unsent = [];
  }

  /** The host is shut down: every caller is rejected, every unload is done. */
  endAll(error: Error): void {
    this.rejectUnsent(error);
    for (const sent of this.sent) rejectAll(sent.waiters, error);
    this.sent = [];
    this.resolveUnloads();
  }

  private send(engine: NonNullable<ReadyEngine>, options: LoadOptions, waiters: Array<Waiter<ModelStatus>>): void {
    this.sent.push({ options, waiters });
    engine.send({ type: 'load', ...options });
  }

  private resolveUnloads(): void {
    const waiters = this.unloadWaiters;
    this.unloadWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function superseded(): CodedError {
  return new CodedError('no-model', 'Another model was requested before this one finished loading.');
}
