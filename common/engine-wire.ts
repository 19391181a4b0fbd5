// The transport below the engine protocol, shared by both ends so they cannot
// drift. Pure: no Node, no Electron.
//
// In Electron each answer gets a real MessagePort: the host posts
// `{ type: 'open-request' }` on the utility process's parent port with the port
// attached, and the engine wraps it as a request channel.
//
// Over a Node IPC channel (tests, benchmark, CLI) there are no ports, so
// request channels are multiplexed on the one link:
//   control message        sent bare, exactly as on Electron's parent port
//   { ch: 'r1', msg }      a message on request channel r1
//   { ch: 'r1', close: true }   either end closed r1
// The host picks the ids; the first frame on an id the engine has not seen
// opens that channel on the engine's side. Control messages never carry `ch`,
// so a frame and a control message cannot be confused.
import * as z from 'zod/mini';
import './schema.js';

/** Transport-level envelope on Electron's parent port; never shown to the engine's listeners. */
export const OpenRequest = z.object({ type: z.literal('open-request') });
export type OpenRequest = z.infer<typeof OpenRequest>;
export const openRequest: OpenRequest = { type: 'open-request' };

const channelId = z.string().check(z.minLength(1));

export const WireFrame = z.union([
  z.strictObject({ ch: channelId, close: z.literal(true) }),
  z.strictObject({ ch: channelId, msg: z.unknown() }),
]);
export type WireFrame = z.infer<typeof WireFrame>;

/** A frame, or undefined when `raw` is a control message. */
export function parseFrame(raw: unknown): WireFrame | undefined {
  const parsed = WireFrame.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** One end of a request channel; the engine's RequestChannel has the same shape. */
export interface WireChannel {
  post(message: unknown): void;
  /** Messages that arrive before the first listener are kept for it. */
  onMessage(listener: (message: unknown) => void): void;
  /** The other end went away: it closed the channel, or its process is gone. */
  onClose(listener: () => void): void;
  /** Closes this end; the other end hears onClose. Posting afterwards does nothing. */
  close(): void;
}

export interface ChannelMux {
  /** Host side: a new channel; it exists on the other side once its first message arrives. */
  open(): WireChannel;
  /** Feeds one frame received from the other side. */
  receive(frame: WireFrame): void;
  /** The link is gone: every open channel hears onClose. */
  closeAll(): void;
}

export interface ChannelMuxOptions {
  send(frame: WireFrame): void;
  /** Engine side: called for a channel the other side opened, before its first message is delivered. */
  onRemoteOpen?(channel: WireChannel): void;
}

export function createChannelMux(options: ChannelMuxOptions): ChannelMux {
  const open = new Map<string, VirtualChannel>();
  // Ids that were closed: a late frame must not reopen them as a new request.
  const closed = new Set<string>();
  let nextId = 1;

  const forget = (id: string): void => {
    open.delete(id);
    closed.add(id);
  };
  const create = (id: string): VirtualChannel => {
    const channel = new VirtualChannel(id, options.send, forget);
    open.set(id, channel);
    return channel;
  };

  return {
    open() {
      return create(`r${nextId++}`);
    },
    receive(frame) {
      let channel = open.get(frame.ch);
      if ('close' in frame) {
        if (channel) channel.remoteClosed();
        else closed.add(frame.ch);
        return;
      }
      if (!channel) {
        // Only the engine side accepts channels it did not open; the host drops
        // frames for answers it already finished.
        if (!options.onRemoteOpen || closed.has(frame.ch)) return;
        channel = create(frame.ch);
        options.onRemoteOpen(channel);
      }
      channel.deliver(frame.msg);
    },
    closeAll() {
      for (const channel of [...open.values()]) channel.remoteClosed();
    },
  };
}

class VirtualChannel implements WireChannel {
  private readonly listeners: Array<(message: unknown) => void> = [];
  private readonly closeListeners: Array<() => void> = [];
  private pending: unknown[] = [];
  private isClosed = false;

  constructor(
    private readonly id: string,
    private readonly send: (frame: WireFrame) => void,
    private readonly forget: (id: string) => void,
  ) {}

  post(message: unknown): void {
    if (!this.isClosed) this.send({ ch: this.id, msg: message });
  }

  onMessage(listener: (message: unknown) => void): void {
    this.listeners.push(listener);
    const pending = this.pending;
    this.pending = [];
    for (const message of pending) listener(message);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.forget(this.id);
    this.send({ ch: this.id, close: true });
  }

  deliver(message: unknown): void {
    if (this.isClosed) return;
    if (this.listeners.length === 0) this.pending.push(message);
    for (const listener of this.listeners) listener(message);
  }

  remoteClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.pending = [];
    this.forget(this.id);
    for (const listener of this.closeListeners) listener();
  }
}
