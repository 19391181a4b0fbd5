// One answer from a model server, as the same AnswerStream the local engine
// gives: phase and delta events, ending with one done or error. stop() ends
// it at once (done 'stopped') and aborts the HTTP request, which closes the
// connection, so the server stops generating too.
import type { AnswerEvent, EngineError, GenerationPhase, Usage } from '../../common/engine-protocol.js';
import { EngineErrorCode } from '../../common/engine-protocol.js';
import type { AnswerStream } from '../engine-host/answer.js';
import { EventQueue } from '../engine-host/event-queue.js';

export interface AnswerSink {
  /** Aborted by stop(). */
  readonly signal: AbortSignal;
  phase(phase: GenerationPhase): void;
  delta(text: string): void;
}

export interface AnswerResult {
  reason: 'eos' | 'length';
  usage?: Usage;
}

export class RemoteAnswer implements AnswerStream {
  phase: GenerationPhase | undefined;
  private readonly queue = new EventQueue<AnswerEvent>(() => this.stop());
  private readonly controller = new AbortController();
  private finished = false;

  /**
   * `run` produces the answer; what it throws ends the answer with an error
   * (unless it was stopped). `onEnd` is told once the answer has ended.
   */
  constructor(
    readonly id: number,
    run: (sink: AnswerSink) => Promise<AnswerResult>,
    private readonly onEnd: () => void = () => {},
  ) {
    const sink: AnswerSink = {
      signal: this.controller.signal,
      phase: (phase) => {
        if (this.finished || this.phase === phase) return;
        this.phase = phase;
        this.queue.push({ type: 'phase', phase });
      },
      delta: (text) => {
        if (!this.finished && text) this.queue.push({ type: 'delta', text });
      },
    };
    run(sink).then(
      (result) =>
        this.finish({ type: 'done', reason: result.reason, ...(result.usage ? { usage: result.usage } : {}) }),
      (error: unknown) => this.finish({ type: 'error', error: toEngineError(error) }),
    );
  }

  stop(): void {
    if (this.finished) return;
    this.finish({ type: 'done', reason: 'stopped' });
    this.controller.abort();
  }

  [Symbol.asyncIterator](): AsyncIterator<AnswerEvent> {
    return this.queue[Symbol.asyncIterator]();
  }

  private finish(last: AnswerEvent): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.push(last);
    this.queue.end();
    this.onEnd();
  }
}

/** A RemoteFailure, an EngineHostError or an EngineFailure keep their code; anything else is 'internal'. */
export function toEngineError(error: unknown): EngineError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const parsed = EngineErrorCode.safeParse(code);
  if (parsed.success) return { code: parsed.data, message };
  return { code: 'internal', message: `The answer failed: ${message}` };
}
