// An engine for the chat service's tests, as both its ports (where answers
// come from, and the model's life): answers from a script, one event per
// tick; stop() ends the answer with done 'stopped'.
import type { AnswerEvent, ModelStatus, AnswerRequest, ImageSource } from '../../../common/engine-protocol.js';
import type { AnswerStream, EngineHostEvents, LoadOptions } from '../../../host/engine-host/engine-host.js';
import type { AnswerSource } from '../../../host/chat/answering.js';
import type { ModelLifecycle } from '../../../host/chat/status-line.js';

export type Script = (request: AnswerRequest) => AnswerEvent[];

export class ScriptedEngine implements AnswerSource, ModelLifecycle {
  readonly requests: AnswerRequest[] = [];
  script: Script = () => [
    { type: 'delta', text: 'Hello' },
    { type: 'delta', text: ' there.' },
    { type: 'done', reason: 'eos' },
  ];
  failLoad: string | undefined;
  /** Captures the chat asked to prepare for their first question; each waits until cancelled. */
  readonly preparations: { conversationId: string; image: ImageSource; signal: AbortSignal | undefined }[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  on<E extends keyof EngineHostEvents>(event: E, listener: (payload: EngineHostEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: unknown) => void);
    return () => void set.delete(listener as (payload: unknown) => void);
  }

  emit<E extends keyof EngineHostEvents>(event: E, payload: EngineHostEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  async load(options: LoadOptions): Promise<ModelStatus> {
    this.emit('model-loading', { modelDir: options.modelDir, attempt: 'cpu' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failLoad) {
      const error = { code: 'model-missing' as const, message: this.failLoad };
      this.emit('model-load-failed', { modelDir: options.modelDir, error });
      throw new Error(this.failLoad);
    }
    const status: ModelStatus = {
      modelDir: options.modelDir,
      family: 'smolvlm',
      provider: 'cpu',
      dtype: 'q8',
      loadMs: 5,
    };
    this.emit('model-loaded', status);
    return status;
  }

  async prepareImage(conversationId: string, image: ImageSource, signal?: AbortSignal): Promise<undefined> {
    this.preparations.push({ conversationId, image, signal });
    await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
    return undefined;
  }

  ask(request: AnswerRequest): AnswerStream {
    this.requests.push(structuredClone(request));
    const events = this.script(request);
    let stopped = false;
    return {
      id: this.requests.length,
      phase: undefined,
      stop: () => void (stopped = true),
      async *[Symbol.asyncIterator]() {
        for (const event of events) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          if (stopped) {
            yield { type: 'done', reason: 'stopped' } as AnswerEvent;
            return;
          }
          yield event;
        }
      },
    };
  }
}
