// The one error class that carries an EngineErrorCode: thrown by the engine
// (a damaged capture, a missing model), by the engine host (an engine that
// stopped) and by the model-server backends (a refused key), and sent to the
// chat as the wire's {code, message}. Its message is written for the user;
// the code lets the UI act on it (offer Settings, a retry, a new capture).
import type { EngineError, EngineErrorCode } from './engine-protocol.js';
import { messageOf } from './message-of.js';

export class CodedError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CodedError';
  }

  toEngineError(): EngineError {
    return { code: this.code, message: this.message };
  }
}

/**
 * The wire's EngineError for anything thrown: a CodedError keeps its code and
 * message; anything else is 'internal', its message after `whatFailed`
 * ("The engine failed: …").
 */
export function toEngineError(error: unknown, whatFailed: string): EngineError {
  if (error instanceof CodedError) return error.toEngineError();
  return { code: 'internal', message: `${whatFailed}: ${messageOf(error)}` };
}
