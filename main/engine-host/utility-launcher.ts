// Starts the engine as an Electron utility process: the app's launcher, and
// the only file of the engine host that imports electron. Each request
// channel is a real MessagePort pair: the engine gets port2 with an
// 'open-request' envelope (main/core/engine-wire.ts), the host keeps port1.
import { MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import { openRequest, type WireChannel } from '../core/engine-wire.js';
import type { EngineExit, EngineLauncher, EngineProcess } from './engine-process.js';

export interface UtilityLauncherOptions {
  /** The built engine, dist/engine/entry.js. */
  entry: string;
  env?: NodeJS.ProcessEnv;
}

export function createUtilityLauncher(options: UtilityLauncherOptions): EngineLauncher {
  return { launch: () => launchUtilityEngine(options) };
}

function launchUtilityEngine(options: UtilityLauncherOptions): EngineProcess {
  const child = utilityProcess.fork(options.entry, [], {
    serviceName: 'Sightline engine',
    // The engine's output goes to the app's own stdout/stderr, where its
    // errors are visible in a terminal and in the system log.
    stdio: 'inherit',
    env: options.env ?? process.env,
  });
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
