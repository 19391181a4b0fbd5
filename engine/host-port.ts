// The engine's end of its link to the host (transport.ts). In the app the
// engine is an Electron utility process: control messages come on
// process.parentPort and every answer brings its own MessagePort. In tests,
// the benchmark and the CLI it is a plain Node child process, and request
// channels are multiplexed over the IPC channel (common/engine-wire.ts).
// Electron is reached structurally, never imported.
import { createChannelMux, OpenRequest, parseFrame } from '../common/engine-wire.js';
import type { HostLink, RequestChannel } from './transport.js';

interface PortEvent {
  data: unknown;
  ports?: readonly MessagePortLike[];
}

/** The part of Electron's MessagePortMain the engine uses. */
interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: PortEvent) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

/** The part of Electron's process.parentPort the engine uses. */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: PortEvent) => void): unknown;
}

export interface HostPortOptions {
  /**
   * Runs when the host went away, before the engine exits (Node IPC only: a
   * utility process dies with Electron's main process). The exit waits for it
   * at most `exitGraceMs`, so a stuck release cannot keep an orphan running.
   */
  beforeExit?: () => Promise<void>;
}

/** How long an engine whose host went away waits for beforeExit. */
const exitGraceMs = 2000;

export function connectToHost(options: HostPortOptions = {}): HostLink {
  const { parentPort } = process as unknown as { parentPort?: ParentPortLike };
  if (parentPort) return linkOverParentPort(parentPort);
  if (!process.send) throw new Error('The engine must be started by its host (no IPC channel to a parent process).');
  return linkOverNodeIpc(options.beforeExit);
}

function linkOverParentPort(parentPort: ParentPortLike): HostLink {
  const listeners = new Listeners<unknown>();
  const requestListeners = new Listeners<RequestChannel>();
  parentPort.on('message', (event) => {
    const port = event.ports?.[0];
    if (OpenRequest.safeParse(event.data).success && port) requestListeners.emit(wrapPort(port));
    else listeners.emit(event.data);
  });
  return {
    send: (message) => parentPort.postMessage(message),
    onMessage: (listener) => listeners.add(listener),
    onRequest: (listener) => requestListeners.add(listener),
  };
}

function wrapPort(port: MessagePortLike): RequestChannel {
  const listeners = new Listeners<unknown>();
  const closeListeners = new Listeners<void>();
  let closedHere = false;
  port.on('message', (event) => listeners.emit(event.data));
  // Only the other end going away counts: our own close() is not news to us.
  port.on('close', () => {
    if (!closedHere) closeListeners.emit();
  });
  port.start();
  return {
    post: (message) => {
      if (!closedHere) port.postMessage(message);
    },
    onMessage: (listener) => listeners.add(listener),
    onClose: (listener) => closeListeners.add(listener),
    close: () => {
      if (closedHere) return;
      closedHere = true;
      port.close();
    },
  };
}

function linkOverNodeIpc(beforeExit: (() => Promise<void>) | undefined): HostLink {
  const listeners = new Listeners<unknown>();
  const requestListeners = new Listeners<RequestChannel>();
  const send = (message: unknown): void => {
    // After the host is gone there is nobody to tell; the exit below follows.
    if (process.connected) process.send?.(message, undefined, undefined, () => {});
  };
  const mux = createChannelMux({ send, onRemoteOpen: (channel) => requestListeners.emit(channel) });
  process.on('message', (raw: unknown) => {
    const frame = parseFrame(raw);
    if (frame) mux.receive(frame);
    else listeners.emit(raw);
  });
  // An engine whose host died would run (and hold the GPU) for nobody. In
  // Electron the utility process dies with its parent; here we do it ourselves.
  process.on('disconnect', () => {
    mux.closeAll();
    if (!beforeExit) process.exit(0);
    const grace = setTimeout(() => process.exit(0), exitGraceMs);
    void beforeExit()
      .catch((error: unknown) => console.error('Sightline engine: releasing before exit failed:', error))
      .finally(() => {
        clearTimeout(grace);
        process.exit(0);
      });
  });
  return {
    send,
    onMessage: (listener) => listeners.add(listener),
    onRequest: (listener) => requestListeners.add(listener),
  };
}

/**
 * Listeners that also keep what arrives before the first one subscribes: the
 * engine may still be importing its runtime when the host says hello, and
 * the host opens a request channel the moment it sends the request.
 */
class Listeners<T> {
  private readonly listeners: Array<(value: T) => void> = [];
  private pending: T[] = [];

  add(listener: (value: T) => void): void {
    this.listeners.push(listener);
    const pending = this.pending;
    this.pending = [];
    for (const value of pending) listener(value);
  }

  emit(value: T): void {
    if (this.listeners.length === 0) this.pending.push(value);
    for (const listener of this.listeners) listener(value);
  }
}
