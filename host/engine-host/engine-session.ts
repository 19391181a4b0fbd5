// One run of the engine process, as the engine host records it: the process,
// what it said at hello, and how it ended. A restart makes a new session;
// events from an old one are recognised as such and ignored.
import type { EngineRuntime } from '../../common/engine-protocol.js';
import type { EngineExit, EngineLauncher, EngineProcess } from './engine-process.js';

export interface Session {
  readonly proc: EngineProcess;
  readonly pid: number | undefined;
  /** Set by the engine's answer to hello. */
  runtime: EngineRuntime | undefined;
  exited: boolean;
  /** Why the host killed it, if it did: to stop an answer, or to shut down. */
  killedOnPurpose: 'stop' | 'dispose' | undefined;
  /** It was killed for not answering hello in time. */
  timedOut: boolean;
  startTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles once the process has exited. */
  readonly exit: Promise<void>;
  markExited(): void;
}

/** Launches the engine; a launcher that throws gives a session whose process "exits" at once. */
export function openSession(launcher: EngineLauncher): Session {
  let proc: EngineProcess;
  try {
    proc = launcher.launch();
  } catch (error) {
    console.error('Sightline: could not start the engine:', error);
    proc = deadProcess();
  }
  let markExited = (): void => {};
  const exit = new Promise<void>((resolve) => (markExited = resolve));
  return {
    proc,
    pid: proc.pid,
    runtime: undefined,
    exited: false,
    killedOnPurpose: undefined,
    timedOut: false,
    startTimer: undefined,
    exit,
    markExited,
  };
}

/** Stands in for a process the launcher could not start: it "exits" at once. */
function deadProcess(): EngineProcess {
  let exitListener: ((exit: EngineExit) => void) | undefined;
  queueMicrotask(() => exitListener?.({ code: null, signal: null }));
  return {
    pid: undefined,
    send: () => {},
    openRequest: () => {
      throw new Error('The engine is not running.');
    },
    onMessage: () => {},
    onExit: (listener) => void (exitListener = listener),
    kill: () => {},
  };
}
