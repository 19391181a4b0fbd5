// What the engine host needs from a running engine process, whatever started
// it: an Electron utility process in the app (utility-launcher.ts), a Node
// child process in tests, the benchmark and the CLI (node-launcher.ts).
import type { HostToEngine } from '../../common/engine-protocol.js';
import type { WireChannel } from '../../common/engine-wire.js';

export interface EngineExit {
  /** null when the process was killed by a signal or never started. */
  code: number | null;
  signal: string | null;
}

export interface EngineProcess {
  /** undefined until the OS has started it (Electron reports it on 'spawn'). */
  readonly pid: number | undefined;
  send(message: HostToEngine): void;
  /** A new request channel; the engine sees it with the first message posted on it. */
  openRequest(): WireChannel;
  /** Raw control messages: the host validates them, a process boundary being a trust boundary. */
  onMessage(listener: (message: unknown) => void): void;
  /** Called once. Open request channels close too, in no promised order relative to this. */
  onExit(listener: (exit: EngineExit) => void): void;
  /** Ends the process at once (a hard stop or shutdown): the host expects onExit afterwards. */
  kill(): void;
}

export interface EngineLauncher {
  launch(): EngineProcess;
}
