// The chat's status line: which model the chat uses, loading it (at launch,
// when another is chosen or downloaded, and on "Try again"), and what the
// line shows: starting, downloading, loading, ready on which device (and
// reading a capture that just opened), resting
// after an idle unload, restarting, or an error with its code. It follows the
// local model's life through the engine's events; the settings drive it
// through ChatControl (host/settings/chat-control.ts), whose shape it has.
import type { ChatStatus } from '../../common/chat-contract.js';
import type { ModelStatus } from '../../common/engine-protocol.js';
import { messageOf } from '../../common/message-of.js';
import type { EngineHost, LoadOptions } from '../engine-host/engine-host.js';
import type { ChatModel, DownloadProgress } from '../settings/chat-control.js';

/** The local model's life: loading it (also the retry after a failure), and the engine's events. */
export interface ModelLifecycle {
  load(options: LoadOptions): Promise<ModelStatus>;
  on: EngineHost['on'];
}

export class StatusLine {
  private current: ChatStatus;
  /** A capture that just opened is being read by the model (shown while the model is ready). */
  private readingCapture = false;
  private readonly listeners = new Set<(status: ChatStatus) => void>();
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly engine: ModelLifecycle,
    /** The model to load; undefined: none is set up yet (the line says so). */
    private model: ChatModel | undefined,
  ) {
    this.current = model ? { kind: 'starting' } : { kind: 'no-model' };
    const on = engine.on.bind(engine);
    this.unsubscribe = [
      on('model-loading', () => this.model && this.set({ kind: 'loading', modelName: this.model.name })),
      on('model-loaded', (status) => this.set(this.readyStatus(status))),
      // Only a ready model rests: an unload on the way to another model is followed by its loading.
      on('model-unloaded', () => {
        if (this.model && this.current.kind === 'ready') this.set({ kind: 'resting', modelName: this.model.name });
      }),
      on('model-load-failed', ({ error }) =>
        this.set({ kind: 'error', message: error.message, canRetry: true, code: error.code }),
      ),
      on('engine-restarting', ({ reason, delayMs, attempt }) =>
        this.set({ kind: 'restarting', reason, delayMs, attempt }),
      ),
      on('engine-gave-up', ({ reason }) =>
        this.set({ kind: 'error', message: reason, canRetry: true, code: 'engine-crashed' }),
      ),
    ];
  }

  get status(): ChatStatus {
    return this.current;
  }

  onChange(listener: (status: ChatStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the model (in the background: the line follows it). Also the retry after a failure. */
  loadModel(): void {
    const model = this.model;
    if (!model) {
      this.set({ kind: 'no-model' });
      return;
    }
    this.set({ kind: 'loading', modelName: model.name });
    this.engine.load({ modelDir: model.dir, device: model.device }).catch((error: unknown) => {
      // model-load-failed has said it already; this is for a start that failed.
      if (this.current.kind !== 'error') this.set({ kind: 'error', message: messageOf(error), canRetry: true });
    });
  }

  /** A model was chosen or finished downloading: load it. */
  setModel(model: ChatModel): void {
    this.model = model;
    this.loadModel();
  }

  /** Shows a download's progress (the downloader feeds it while no model is set up). */
  reportDownload(modelName: string, progress: DownloadProgress): void {
    if (progress.phase === 'done') return;
    this.set({
      kind: 'downloading',
      modelName,
      phase: progress.phase,
      bytesDone: progress.bytesDone,
      bytesTotal: progress.bytesTotal,
      ...(progress.etaSeconds !== undefined ? { etaSeconds: progress.etaSeconds } : {}),
    });
  }

  /** The model started or stopped reading a capture that just opened, for its first question. */
  setReadingCapture(reading: boolean): void {
    this.readingCapture = reading;
    if (this.current.kind !== 'ready') return;
    const { readingCapture: _was, ...ready } = this.current;
    this.set(reading ? { ...ready, readingCapture: true } : ready);
  }

  /** A download or other failure to show with a retry. */
  reportError(message: string, canRetry = true): void {
    this.set({ kind: 'error', message, canRetry });
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.listeners.clear();
  }

  private set(status: ChatStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }

  private readyStatus(status: ModelStatus): ChatStatus {
    return {
      kind: 'ready',
      modelName: this.model?.name ?? status.family,
      provider: status.provider,
      dtype: status.dtype,
      ...(status.fallback ? { fallback: status.fallback } : {}),
      ...(this.readingCapture ? { readingCapture: true } : {}),
    };
  }
}
