// One answer from a model server, as the same AnswerStream the local engine
// gives: phase and delta events, ending with one done or error. stop() ends
// it at once (done 'stopped') and aborts the HTTP request, which closes the
// connection, so the server stops generating too.
import { toEngineError } from '../../common/coded-error.js';
import type { AnswerEvent, GenerationPhase, Usage } from '../../common/engine-protocol.js';
import type { AnswerStream } from '../engine-host/answer.js';
import { EventQueue } from '../engine-host/event-queue.js';

/** How a failure that is not a CodedError reaches the user: "The answer failed: …". */
export const answerFailed = 'The answer failed';

/** What a backend writes a remote answer into: its phases and text, and the signal that stops it. */
export interface AnswerWriter {
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
    run: (writer: AnswerWriter) => Promise<AnswerResult>,
    private readonly onEnd: () => void = () => {},
  ) {
    const writer: AnswerWriter = {
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
    run(writer).then(
      (result) =>
        this.finish({ type: 'done', reason: result.reason, ...(result.usage ? { usage: result.usage } : {}) }),
      (error: unknown) => this.finish({ type: 'error', error: toEngineError(error, answerFailed) }),
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
