// The engine's view of its link to the host: one control link, plus one
// request channel per answer. In the app the link is Electron's
// process.parentPort and each request channel a transferred MessagePort; under
// plain Node (tests, benchmark, CLI) the link is the child-process IPC channel
// and request channels are multiplexed over it. Engine code sees only these
// interfaces, so it never depends on electron.

export interface RequestChannel {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The other end went away (the host closed it, or the reader is gone). */
  onClose(listener: () => void): void;
  close(): void;
}

export interface HostLink {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** A new request channel opened by the host. */
  onRequest(listener: (channel: RequestChannel) => void): void;
}
