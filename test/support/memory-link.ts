// An in-memory host link: the engine service under test in this process, with
// the test playing the host. Messages are cloned as a process boundary would.
import type { HostLink, RequestChannel } from '../../engine/transport.js';

type Listener = (message: unknown) => void;

export interface TestRequest {
  send(message: unknown): void;
  events: unknown[];
  /** Resolves when the engine closes the channel. */
  closed: Promise<void>;
  close(): void;
  onEvent(listener: Listener): void;
}

export interface MemoryLink {
  link: HostLink;
  /** Messages the engine sent on the control link. */
  received: unknown[];
  send(message: unknown): void;
  next(predicate: (message: unknown) => boolean): Promise<unknown>;
  openRequest(): TestRequest;
}

export function createMemoryLink(): MemoryLink {
  const received: unknown[] = [];
  const controlListeners: Listener[] = [];
  const requestListeners: ((channel: RequestChannel) => void)[] = [];
  const waiters: { predicate: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  const link: HostLink = {
    send(message) {
      const copy = structuredClone(message);
      received.push(copy);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(copy)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(copy);
        }
      }
    },
    onMessage: (listener) => controlListeners.push(listener),
    onRequest: (listener) => requestListeners.push(listener),
  };
  return {
    link,
    received,
    send: (message) => queueMicrotask(() => controlListeners.forEach((l) => l(structuredClone(message)))),
    next: (predicate) =>
      new Promise((resolve) => {
        const found = received.find(predicate);
        if (found) resolve(found);
        else waiters.push({ predicate, resolve });
      }),
    openRequest() {
      const toEngine: Listener[] = [];
      const closeListeners: (() => void)[] = [];
      const eventListeners: Listener[] = [];
      const events: unknown[] = [];
      let markClosed: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => (markClosed = resolve));
      let isClosed = false;
      const close = () => {
        if (isClosed) return;
        isClosed = true;
        closeListeners.forEach((l) => l());
        markClosed();
      };
      const channel: RequestChannel = {
        post(message) {
          if (isClosed) return;
          const copy = structuredClone(message);
          events.push(copy);
          eventListeners.forEach((l) => l(copy));
        },
        onMessage: (listener) => toEngine.push(listener),
        onClose: (listener) => closeListeners.push(listener),
        close,
      };
      requestListeners.forEach((l) => l(channel));
      return {
        send: (message) => queueMicrotask(() => toEngine.forEach((l) => l(structuredClone(message)))),
        events,
        closed,
        close,
        onEvent: (listener) => eventListeners.push(listener),
      };
    },
  };
}
