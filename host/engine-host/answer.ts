// One answer as the engine host tracks it: the request (kept whole, so it can
// be sent again to a restarted engine), where it runs, how far it got, and
// the queue its reader pulls events from.
import type { AnswerEvent, EngineError, GenerateRequest, GenerationPhase } from '../../common/engine-protocol.js';
import type { WireChannel } from '../../common/engine-wire.js';
import type { Session } from './engine-session.js';
import { EventQueue } from './event-queue.js';

/** What ask() returns: the answer's events, in order, ending with one 'done' or 'error'. */
export interface AnswerStream extends AsyncIterable<AnswerEvent> {
  readonly id: number;
  /** The phase the engine last reported; undefined until it reports one. */
  readonly phase: GenerationPhase | undefined;
  /**
   * Stops the answer; it ends with `done` (reason 'stopped'). Leaving a
   * `for await` loop early stops it too.
   */
  stop(): void;
}

export class Answer implements AnswerStream {
  phase: GenerationPhase | undefined;
  /** Set while the request is with an engine; cleared to send it again after a restart. */
  channel: WireChannel | undefined;
  /** The engine process it was sent to. */
  session: Session | undefined;
  sawDelta = false;
  stopRequested = false;
  finished = false;
  graceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly queue: EventQueue<AnswerEvent>;

  constructor(
    readonly id: number,
    readonly request: GenerateRequest,
    private readonly onStop: (answer: Answer) => void,
  ) {
    this.queue = new EventQueue(() => this.stop());
  }

  stop(): void {
    this.onStop(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<AnswerEvent> {
    return this.queue[Symbol.asyncIterator]();
  }

  push(event: AnswerEvent): void {
    if (!this.finished) this.queue.push(event);
  }

  /** Ends the answer with its last event; closes its channel, if any. */
  finish(last: AnswerEvent): void {
    if (this.finished) return;
    this.queue.push(last);
    this.finished = true;
    clearTimeout(this.graceTimer);
    this.queue.end();
    this.channel?.close();
  }

  fail(error: EngineError): void {
    this.finish({ type: 'error', error });
  }

  endStopped(): void {
    this.finish({ type: 'done', reason: 'stopped' });
  }

  /** Back to waiting for an engine, to be sent again from the start. */
  detach(): void {
    this.channel = undefined;
    this.session = undefined;
    this.phase = undefined;
    clearTimeout(this.graceTimer);
  }
}
