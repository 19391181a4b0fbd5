// Starts the engine as an Electron utility process: the app's launcher, and
// the only file of the engine host that imports electron. Each request
// channel is a real MessagePort pair: the engine gets port2 with an
// 'open-request' envelope (common/engine-wire.ts), the host keeps port1.
import path from 'node:path';
import { app, MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import { openRequest, type WireChannel } from '../../common/engine-wire.js';
import { nativeLoggingFrom } from '../../common/native-logging.js';
import { EngineLog } from '../../host/engine-host/engine-log.js';
import type { EngineExit, EngineLauncher, EngineProcess } from '../../host/engine-host/engine-process.js';

export interface UtilityLauncherOptions {
  /** The built engine, dist/engine/entry.js. */
  entry: string;
  env?: NodeJS.ProcessEnv;
  /** Where the engine's stdout and stderr go; by default engine.log in the app's logs folder. */
  log?: EngineLog;
}

export function createUtilityLauncher(options: UtilityLauncherOptions): EngineLauncher {
  let log = options.log;
  return {
    launch: () => {
      // Opened at the first launch (the logs folder exists once the app is
      // ready), and kept across restarts, so a crash's output stays with
      // what came before it. Each app start begins a new file.
      log ??= appEngineLog(options.env ?? process.env);
      return launchUtilityEngine(options, log);
    },
  };
}

/**
 * The same routing as the CLI's: native libraries' warnings and errors go to
 * the log, not to the terminal the app was started from;
 * SIGHTLINE_ENGINE_LOG=verbose (which also makes onnxruntime say more) shows
 * them live, as `sightline ask --verbose` does.
 */
function appEngineLog(env: NodeJS.ProcessEnv): EngineLog {
  const verbose = nativeLoggingFrom(env) === 'verbose';
  return EngineLog.open(path.join(app.getPath('logs'), 'engine.log'), {
    ...(verbose ? { echo: process.stderr } : {}),
    fallback: process.stderr,
  });
}

function launchUtilityEngine(options: UtilityLauncherOptions, log: EngineLog): EngineProcess {
  const child = utilityProcess.fork(options.entry, [], {
    serviceName: 'Sightline engine',
    stdio: 'pipe',
    env: options.env ?? process.env,
  });
  log.follow([child.stdout, child.stderr]);
  const exitListeners: Array<(exit: EngineExit) => void> = [];
  let exited = false;
  child.on('exit', (code) => {
    if (exited) return;
    exited = true;
    // Electron reports only an exit code, also for a process killed by a signal.
    for (const listener of exitListeners) listener({ code, signal: null });
  });

  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (!exited) child.postMessage(message);
    },
    openRequest: () => {
      const { port1, port2 } = new MessageChannelMain();
      if (!exited) child.postMessage(openRequest, [port2]);
      return wrapPort(port1);
    },
    onMessage: (listener) => void child.on('message', (message: unknown) => listener(message)),
    onExit: (listener) => void exitListeners.push(listener),
    kill: () => void child.kill(),
  };
}

function wrapPort(port: MessagePortMain): WireChannel {
  let closedHere = false;
  return {
    post: (message) => {
      if (!closedHere) port.postMessage(message);
    },
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data as unknown));
      // A port queues its messages until started: start once someone listens.
      port.start();
    },
    // Only the other end going away counts: our own close() is not news to us.
    onClose: (listener) =>
      void port.on('close', () => {
        if (!closedHere) listener();
      }),
    close: () => {
      if (closedHere) return;
      closedHere = true;
      port.close();
    },
  };
}
