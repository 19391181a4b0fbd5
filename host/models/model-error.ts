// Every failure of the model store carries a code the app and the CLI can act
// on (offer a retry, point at the token setting, free disk space) and a
// message written for the user: it names the model, the file and what to do.
// Messages never contain the access token.
//
// Not a CodedError (common/coded-error.ts): those codes are the engine
// wire's, the failures of an answer; these are the model store's (offline,
// checksum, disk-full, busy...), which the model manager and the CLI act on
// and which never travel as an answer's EngineError.
import { errnoCode } from '../../common/errno-code.js';
import { messageOf } from '../../common/message-of.js';

export type ModelErrorCode =
  /** No id like this in the catalog, or a dtype the catalog does not offer. */
  | 'unknown-model'
  /** The model (or that dtype of it) is not installed. */
  | 'not-installed'
  /** The hub could not be reached at all: installed models keep working. */
  | 'offline'
  /** The hub stopped sending bytes and kept doing so after retries. */
  | 'timeout'
  /** 401/403: a gated or private repository, or a rejected token. */
  | 'unauthorized'
  /** 404: the repository, revision or file does not exist. */
  | 'not-found'
  /** 5xx (or 429) after retries. */
  | 'server'
  /** The hub answered something this client cannot use. */
  | 'bad-response'
  /** A downloaded file's bytes do not match the hash the hub published. */
  | 'checksum'
  /** The hub lists a file whose hash or size differs from the catalog's pin: it is not the file Sightline verified. */
  | 'pin-mismatch'
  /** Not enough free disk space, before starting or while writing. */
  | 'disk-full'
  /** Another process is downloading the same model into the same folder. */
  | 'busy'
  /** The caller cancelled. */
  | 'cancelled'
  /** Reading or writing the models folder failed. */
  | 'io';

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelError';
  }
}

export function isModelError(error: unknown, code?: ModelErrorCode): error is ModelError {
  return error instanceof ModelError && (code === undefined || error.code === code);
}

/** The error a cancelled operation rejects with. */
export function cancelledError(what: string): ModelError {
  return new ModelError('cancelled', `${what} was cancelled. Start it again to resume where it stopped.`);
}

/** Wraps a file-system failure in a ModelError that says what to do about it. */
export function ioError(action: string, error: unknown): ModelError {
  const code = errnoCode(error);
  if (code === 'ENOSPC') {
    return new ModelError('disk-full', `The disk is full (${action}). Free up space and run the download again.`, {
      cause: error,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ModelError(
      'io',
      `Sightline may not write there (${action}, ${code}). Choose a models folder you can write to.`,
      { cause: error },
    );
  }
  const detail = messageOf(error);
  return new ModelError('io', `Failed ${action}: ${detail}`, { cause: error });
}
