// What the engine host reports as it goes (EngineHost.on): its state, the
// engine's starts, crashes and restarts, and the model's loads. The chat's
// status line (host/chat/status-line.ts) follows them; the app and the CLI
// tell the user when the engine crashed or was given up on.
import type { EngineError, EngineRuntime, ModelStatus } from '../../common/engine-protocol.js';
import type { EngineExit } from './engine-process.js';

export type EngineHostState = 'idle' | 'starting' | 'ready' | 'restarting' | 'gave-up' | 'disposed';

export interface EngineHostEvents {
  state: EngineHostState;
  'engine-ready': { pid: number | undefined; runtime: EngineRuntime };
  'model-loading': { modelDir: string; attempt: string };
  'model-loaded': ModelStatus;
  'model-load-failed': { modelDir: string; error: EngineError };
  'model-unloaded': { modelDir: string | undefined };
  'engine-crashed': EngineExit & { pid: number | undefined; description: string };
  /** reason 'stop': killed on purpose to stop an answer; delayMs 0 and attempt 0 then. */
  'engine-restarting': { reason: 'crash' | 'stop'; delayMs: number; attempt: number };
  'engine-gave-up': { reason: string };
  /** reportedBy 'host': the engine sent something malformed; 'engine': it says we did. */
  'protocol-error': { reportedBy: 'host' | 'engine'; message: string };
}
