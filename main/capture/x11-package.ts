// The part of the `x11` npm package the capture uses, typed (the package
// ships no types), and the error Sightline raises for what fails over its
// connection. The package is pure JavaScript: no native module, no tool to
// spawn; it speaks the X protocol over the display's socket.
import { createRequire } from 'node:module';

export interface XError extends Error {
  error?: number;
}
export type Reply<T> = (error: XError | null | undefined, value: T) => boolean | void;
/** One request's reply as a promise, failed too when the connection goes. */
export type Call = <T>(start: (reply: Reply<T>) => void) => Promise<T>;

export interface XVisual {
  class: number;
  red_mask: number;
  green_mask: number;
  blue_mask: number;
}
export interface XScreen {
  root: number;
  pixel_width: number;
  pixel_height: number;
  root_visual: number;
  root_depth: number;
  depths: Record<number, Record<number, XVisual>>;
}
export interface XDisplay {
  client: XClient;
  screen: XScreen[];
  image_byte_order: number;
  format: Record<number, { bits_per_pixel: number; scanline_pad: number }>;
}
interface XStream {
  ref?(): void;
  unref?(): void;
  destroyed?: boolean;
  on(event: 'close' | 'end', listener: () => void): void;
}
export interface XExtension {
  majorOpcode: number;
  major_version?: number;
  minor_version?: number;
}
export interface ShmSegment {
  buffer: Buffer;
  size: number;
  getImage(
    drawable: number,
    x: number,
    y: number,
    width: number,
    height: number,
    planeMask: number,
    format: number,
    offset: number,
    callback: Reply<{ depth: number; visual: number; size: number }>,
  ): void;
  detach(callback?: () => void): void;
}
export interface ShmExtension extends XExtension {
  createSegment(size: number, callback: (error: Error | null, segment: ShmSegment) => void): void;
}
export interface XClient {
  seq_num: number;
  replies: Record<number, [(buffer: Buffer, opt: number) => unknown, Reply<unknown>]>;
  pack_stream: { put(buffer: Buffer): void; submit(expectsReply?: boolean): void };
  stream: XStream;
  on(event: 'error', listener: (error: Error) => void): void;
  require(name: 'randr', callback: (error: Error | null, extension: XExtension) => void): void;
  require(name: 'shm', callback: (error: Error | null, extension: ShmExtension) => void): void;
  GetImage(
    format: number,
    drawable: number,
    x: number,
    y: number,
    width: number,
    height: number,
    planeMask: number,
    callback: Reply<{ depth: number; visualId: number; data: Buffer }>,
  ): void;
  terminate(): void;
}
/** A segment as a provider makes it, known by its descriptor. */
export interface OwnSegment {
  size: number;
  fd: number | null;
  /** The package copies the segment into this buffer after each GetImage. */
  buffer: Buffer;
}
/** A shared-memory segment provider for the package's MIT-SHM support (see its lib/shm-provider.js). */
export interface SegmentProvider {
  flavor: 'fd';
  zeroCopy: false;
  create(size: number): OwnSegment;
  commit(): void;
  sync(): void;
  destroy(segment: OwnSegment): void;
}
interface X11Package {
  createClient(
    options: { display: string; shm: SegmentProvider | false },
    callback: (error: Error | null, display: XDisplay) => void,
  ): XClient;
}

export class X11Error extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'X11Error';
  }
}

const require = createRequire(import.meta.url);

export function loadX11(): X11Package {
  return require('x11') as X11Package;
}
