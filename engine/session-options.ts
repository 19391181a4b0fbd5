// The onnxruntime session options every model session of the engine gets.
//
// Threading: onnxruntime's worker threads spin-wait for work between (and
// within) runs by default. On a quiet machine that shaves a little latency; on
// a desktop, where the browser, the IDE or a build is always running, the
// spinning threads fight the other processes for the cores and decoding loses
// about half its speed. The engine turns spinning off for both the intra-op
// and the inter-op pool; bench/ (`npm run bench`, the threading table)
// measures both settings, quiet and beside a busy process.
import type { OrtLogSeverity } from '../common/native-logging.js';

export interface SessionThreading {
  /** Let onnxruntime's worker threads spin-wait for work (onnxruntime's default). */
  spinning: boolean;
}

/** A shared desktop: no spinning. */
export const desktopThreading: SessionThreading = { spinning: false };

export interface EngineSessionOptions {
  logSeverityLevel: OrtLogSeverity;
  extra?: { session: { intra_op: { allow_spinning: '0' | '1' }; inter_op: { allow_spinning: '0' | '1' } } };
}

export function engineSessionOptions(
  logSeverityLevel: OrtLogSeverity,
  threading: SessionThreading = desktopThreading,
): EngineSessionOptions {
  const spin = threading.spinning ? '1' : '0';
  // Flattened by onnxruntime-node into the session config entries
  // session.intra_op.allow_spinning and session.inter_op.allow_spinning.
  return {
    logSeverityLevel,
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  };
}
