import type { EngineError, EngineErrorCode } from '../common/engine-protocol.js';

/** An error whose message is written for the user, with a code the UI can act on. */
export class EngineFailure extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineFailure';
  }
}

export function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineFailure) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `The engine failed: ${message}` };
}
