// The two limits on a model server's silence, and what the user can do to
// wait longer. The first byte of the response must come within the
// first-byte timeout, so a server that accepts the connection and then hangs
// is named in seconds rather than minutes; once the response has started, the
// idle timeout runs between two pieces of it, so a long answer that keeps
// streaming is never cut off. Each front end changes the limits its own way
// (flags, the settings page), and the message says which.
import { defaultFirstByteTimeoutMs, type RemoteBackendSettings } from '../../common/backend-settings.js';

export interface ServerLimit {
  ms: number;
  /** What to do to wait longer, as the end of a sentence: "wait longer with --idle-timeout <seconds>". */
  advice: string;
}

export interface ServerTimeouts {
  firstByte: ServerLimit;
  idle: ServerLimit;
}

export interface TimeoutAdvice {
  firstByte: string;
  idle: string;
}

/**
 * The app's: the settings page's "Timeout" field is the idle timeout; the
 * first-byte timeout has no field there (yet), only its key in the file.
 */
export const settingsTimeoutAdvice: TimeoutAdvice = {
  firstByte: 'wait longer with firstByteTimeoutMs in settings.json',
  idle: 'raise the timeout in Settings',
};

export function serverTimeouts(
  settings: Pick<RemoteBackendSettings, 'timeoutMs' | 'firstByteTimeoutMs'>,
  advice: TimeoutAdvice = settingsTimeoutAdvice,
): ServerTimeouts {
  return {
    firstByte: { ms: settings.firstByteTimeoutMs ?? defaultFirstByteTimeoutMs, advice: advice.firstByte },
    idle: { ms: settings.timeoutMs, advice: advice.idle },
  };
}
