// The engine host's answers: each question goes to the engine on its own
// request channel, its events come back to its reader, and a stop ends it.
// Stop semantics (docs/architecture.md, "The model runtime"):
// - an answer not yet sent to the engine ends at once;
// - one that is queued or decoding gets {type:'stop'} on its channel and
//   stopGraceMs to end it; past that the engine is killed;
// - one in 'encoding' or 'prefill' is inside a native inference call that
//   nothing interrupts: the engine is killed at once.
// Every stopped answer ends with done 'stopped', never an error. After an
// engine killed to stop an answer, the others that had not streamed anything
// yet are sent again to the new engine (each request is kept whole); one that
// had (only if an engine runs two at once) ends with an error that says it
// was cut short.
import { AnswerEvent, GenerateRequest, type EngineError, type AnswerRequest } from '../../common/engine-protocol.js';
import type { WireChannel } from '../../common/engine-wire.js';
import { describeIssues } from '../../common/schema.js';
import { Answer } from './answer.js';
import type { Session } from './engine-session.js';
import * as wording from './wording.js';

/** What the answers need of the engine host. */
export interface AnswerEngine {
  /** The engine to send questions to now: started, and not loading a model; undefined otherwise. */
  readySession(): Session | undefined;
  /** Kills the answer's engine to stop it, unless it is already gone or going. */
  killToStop(session: Session): void;
  /** The engine sent an event that is not the protocol. */
  protocolError(message: string): void;
}

// How long an answer whose channel closed early waits for the engine's exit
// to explain it (ports can close before the process exit is reported).
const closeSettleMs = 300;

export class AnswerDispatch {
  private nextAnswerId = 1;
  /** Unfinished answers, waiting for an engine or with one. */
  private readonly answers = new Set<Answer>();

  constructor(
    private readonly engine: AnswerEngine,
    private readonly stopGraceMs: number,
  ) {}

  /**
   * A new answer: sent to the engine as soon as one is ready. It ends at once
   * when the question is malformed, or with `refusal` when there is no engine
   * to ask.
   */
  ask(request: AnswerRequest, refusal: EngineError | undefined): Answer {
    const parsed = GenerateRequest.safeParse({ ...request, type: 'generate' });
    const answer = new Answer(
      this.nextAnswerId++,
      parsed.success ? parsed.data : { ...request, type: 'generate' },
      (a) => this.stop(a),
    );
    if (!parsed.success) {
      answer.fail({ code: 'bad-request', message: `The question is malformed: ${describeIssues(parsed.error)}` });
    } else if (refusal) {
      answer.fail(refusal);
    } else {
      this.answers.add(answer);
      this.dispatchWaiting();
    }
    return answer;
  }

  /** Sends the answers that wait to the engine, if it is ready for them. */
  dispatchWaiting(): void {
    const session = this.engine.readySession();
    if (!session) return;
    for (const answer of this.answers) {
      if (!answer.channel && !answer.finished) this.dispatch(answer, session);
    }
  }

  /** The engine was killed to stop an answer: the others on it are sent again, unless they had started streaming. */
  engineKilledForStop(session: Session): void {
    for (const answer of this.on(session)) {
      if (answer.stopRequested) this.finish(answer, () => answer.endStopped());
      else if (answer.sawDelta) this.finish(answer, () => answer.fail(wording.restartedForStop));
      else answer.detach();
    }
  }

  /** Ends the answers that were with `session` (it crashed) with `error`. */
  failOn(session: Session, error: EngineError): void {
    for (const answer of this.on(session)) this.finish(answer, () => answer.fail(error));
  }

  /** Ends every unfinished answer with `error`. */
  failAll(error: EngineError): void {
    for (const answer of [...this.answers]) this.finish(answer, () => answer.fail(error));
  }

  /** Ends every unfinished answer as stopped. */
  stopAll(): void {
    for (const answer of [...this.answers]) this.finish(answer, () => answer.endStopped());
  }

  private on(session: Session): Array<Answer> {
    return [...this.answers].filter((answer) => answer.session === session);
  }

  private dispatch(answer: Answer, session: Session): void {
    const channel = session.proc.openRequest();
    answer.channel = channel;
    answer.session = session;
    channel.onMessage((raw) => this.fromEngine(answer, channel, raw));
    channel.onClose(() => this.channelClosed(answer, channel));
    channel.post(answer.request);
  }

  private fromEngine(answer: Answer, channel: WireChannel, raw: unknown): void {
    // Events from an engine being killed are void: the answer is being ended
    // or sent again, and a stray delta would be shown twice.
    if (answer.finished || answer.channel !== channel || answer.session?.killedOnPurpose) return;
    const parsed = AnswerEvent.safeParse(raw);
    if (!parsed.success) {
      this.engine.protocolError(`The engine sent a malformed answer event: ${describeIssues(parsed.error)}`);
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

  private channelClosed(answer: Answer, channel: WireChannel): void {
    if (answer.finished || answer.channel !== channel) return;
    setTimeout(() => {
      if (!answer.finished && answer.channel === channel && !answer.session?.exited) {
        this.finish(answer, () => answer.fail(wording.closedUnfinished));
      }
    }, closeSettleMs);
  }

  private stop(answer: Answer): void {
    if (answer.finished || answer.stopRequested) return;
    answer.stopRequested = true;
    const channel = answer.channel;
    if (!channel) return this.finish(answer, () => answer.endStopped());
    if (uninterruptible(answer.phase)) return this.hardStop(answer);
    channel.post({ type: 'stop' });
    answer.graceTimer = setTimeout(() => this.hardStop(answer), this.stopGraceMs);
  }

  /** Ends the answer as stopped and kills its engine, which restarts at once. */
  private hardStop(answer: Answer): void {
    if (answer.finished) return;
    const session = answer.session;
    this.finish(answer, () => answer.endStopped());
    if (session) this.engine.killToStop(session);
  }

  private finish(answer: Answer, end: () => void): void {
    end();
    this.answers.delete(answer);
  }
}

function uninterruptible(phase: string | undefined): boolean {
  return phase === 'encoding' || phase === 'prefill';
}
