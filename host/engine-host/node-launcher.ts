// Starts the engine as a plain Node child process: tests, the benchmark and
// the CLI. Request channels are multiplexed over the IPC channel
// (common/engine-wire.ts); 'advanced' serialization is the structured
// clone algorithm, so image bytes (Uint8Array) cross as they do over a
// MessagePort in the app.
import { fork } from 'node:child_process';
import type { HostToEngine } from '../../common/engine-protocol.js';
import { createChannelMux, parseFrame, type WireFrame } from '../../common/engine-wire.js';
import type { EngineLog } from './engine-log.js';
import type { EngineExit, EngineLauncher, EngineProcess } from './engine-process.js';

export interface NodeLauncherOptions {
  /** engine/entry.ts (with execArgv ['--import', 'tsx']) or the built dist/engine/entry.js. */
  entry: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Where the engine's stdout and stderr go (the CLI: a debug log, live with
   * --verbose). Without it they go to our stderr, as tests and the web host want.
   */
  log?: EngineLog;
}

export function createNodeLauncher(options: NodeLauncherOptions): EngineLauncher {
  return { launch: () => launchNodeEngine(options) };
}

function launchNodeEngine(options: NodeLauncherOptions): EngineProcess {
  const child = fork(options.entry, [], {
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
    cwd: options.cwd,
    serialization: 'advanced',
    // Piped into the log when there is one; otherwise both go to our stderr:
    // its errors stay visible, and nothing it prints can mix into a caller's
    // stdout (a CLI's answer, the test runner's report).
    stdio: options.log ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 2, 2, 'ipc'],
  });
  options.log?.follow([child.stdout, child.stderr]);

  const messageListeners: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(exit: EngineExit) => void> = [];
  let exited = false;

  const send = (message: HostToEngine | WireFrame): void => {
    // A dead engine cannot be told anything; its exit is reported separately.
    if (child.connected) child.send(message, undefined, undefined, () => {});
  };
  const mux = createChannelMux({ send });

  const reportExit = (exit: EngineExit): void => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(exit);
    mux.closeAll();
  };

  child.on('message', (raw: unknown) => {
    const frame = parseFrame(raw);
    if (frame) mux.receive(frame);
    else for (const listener of messageListeners) listener(raw);
  });
  child.on('exit', (code, signal) => reportExit({ code, signal }));
  // 'error' comes when the process could not be spawned (no 'exit' follows)
  // or could not be signalled; unhandled it would throw in the host.
  child.on('error', (error) => {
    if (child.pid === undefined) {
      console.error(`Sightline: could not start the engine: ${error.message}`);
      reportExit({ code: null, signal: null });
    }
  });

  return {
    get pid() {
      return child.pid;
    },
    send: (message) => send(message),
    openRequest: () => mux.open(),
    onMessage: (listener) => void messageListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    // SIGKILL: a hard stop exists because the engine may be inside a native
    // inference call that nothing else interrupts.
    kill: () => void child.kill('SIGKILL'),
  };
}
