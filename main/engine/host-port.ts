// The engine's one link to its host. In the app the engine is an Electron
// utility process (process.parentPort); in tests, the benchmark and the CLI it
// is a plain Node child process (process.send). The engine code only sees this
// interface, so it never depends on electron.

export interface HostPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToHost(): HostPort {
  const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('The engine must be started by its host (no IPC channel to a parent process).');
  return {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', listener),
  };
}
