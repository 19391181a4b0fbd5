// What the chat code talks to, whichever engine answers: the local engine
// (through EngineHost) or a model server over HTTP. Each ask() carries the
// whole conversation and the capture, so switching backends between two
// questions — or retrying after a failure — loses nothing.
import type { BackendKind } from '../../common/backend-settings.js';
import type { AnswerRequest, EngineError, ImageSource } from '../../common/engine-protocol.js';
import type { AnswerStream } from '../engine-host/answer.js';

export type { AnswerStream } from '../engine-host/answer.js';

export interface AnswerBackend {
  readonly kind: BackendKind;
  /**
   * Streams one answer: phase and delta events, then exactly one done or
   * error. Never throws: every failure ends the stream with an error event.
   */
  ask(request: AnswerRequest): AnswerStream;
  /**
   * Starts the work of a first question as soon as its capture opens (the
   * local engine encodes the image); backends that cannot leave it undefined.
   */
  prepareImage?(conversationId: string, image: ImageSource, signal?: AbortSignal): Promise<unknown>;
  /** Whether questions about captures can be answered now, and if not, why (in words). */
  checkConnection(): Promise<ConnectionReport>;
  /** Model names the server offers, where it lists them. Rejects with a RemoteFailure. */
  listModels?(): Promise<string[]>;
  /** Stops this backend's answers and lets go of what it holds. */
  dispose?(): void | Promise<void>;
}

export interface ConnectionReport {
  /** Questions about captures can be asked. */
  ok: boolean;
  /** A sentence or two for the settings page: what works, or the first thing that does not. */
  summary: string;
  reachable: boolean;
  /** undefined: the server does not say which models it has. */
  modelPresent: boolean | undefined;
  /** undefined: the server does not say whether the model reads images. */
  acceptsImages: boolean | undefined;
  /** The server's models, where it lists them. */
  models: string[] | undefined;
  /** Set when ok is false. */
  problem: EngineError | undefined;
  /** Worth knowing, but not in the way: "this server does not list its models". */
  notes: string[];
}

/** A report of what does not work, with what is known of the rest. */
export function failedReport(
  problem: EngineError,
  known: Partial<Pick<ConnectionReport, 'reachable' | 'modelPresent' | 'acceptsImages' | 'models' | 'notes'>>,
): ConnectionReport {
  return {
    ok: false,
    summary: problem.message,
    reachable: known.reachable ?? false,
    modelPresent: known.modelPresent,
    acceptsImages: known.acceptsImages,
    models: known.models,
    problem,
    notes: known.notes ?? [],
  };
}

/** A report that questions about captures can be asked. */
export function okReport(
  summary: string,
  known: Pick<ConnectionReport, 'modelPresent' | 'acceptsImages' | 'models' | 'notes'>,
): ConnectionReport {
  return { ok: true, summary, reachable: true, problem: undefined, ...known };
}
