// How much onnxruntime (and transformers.js, which drives it) may say. The
// engine's stdout and stderr go to a debug log, not the user's terminal, but
// the log is for finding out why a provider failed, and onnxruntime's
// warnings there (graph transforms, node placement) bury the one error that
// matters. --verbose (the CLI) or SIGHTLINE_ENGINE_LOG=verbose (the app)
// turns them back on. No imports: the launchers (in the app's main process)
// read the variable too, and must not load the runtime to do it.

export type NativeLogging = 'quiet' | 'verbose';

/** Set by the engine's launcher; read once by the engine at start. */
export const nativeLoggingVariable = 'SIGHTLINE_ENGINE_LOG';

export function nativeLoggingFrom(environment: NodeJS.ProcessEnv): NativeLogging {
  return environment[nativeLoggingVariable] === 'verbose' ? 'verbose' : 'quiet';
}

/** onnxruntime's severity levels: 0 verbose, 1 info, 2 warning, 3 error, 4 fatal. */
export type OrtLogSeverity = 0 | 1 | 2 | 3 | 4;

/** The `logSeverityLevel` session option: warnings only when verbose; errors always (they explain failures). */
export function sessionLogSeverity(logging: NativeLogging): OrtLogSeverity {
  return logging === 'verbose' ? 2 : 3;
}
