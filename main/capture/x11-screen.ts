// An X11 screen read in-process, over the X protocol, through the `x11`
// package (pure JavaScript: no native module, no tool to spawn). The layout
// comes from RandR 1.5's monitors, the list Chromium (so Electron's `screen`)
// builds its displays from; the pixels from MIT-SHM GetImage where the
// connection can pass the segment's descriptor (a local socket), else from a
// core GetImage over the socket. Either way the result is a raw ZPixmap: no
// encoding happens here.
// (Over 300 lines: about 100 are typings for the untyped x11 package, kept beside
// the only code that uses them.)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Rect } from '../../common/geometry.js';
import type { ZPixmapFormat, ZPixmapImage } from './zpixmap-png.js';

/** The part of the `x11` package used here (it ships no types). */
interface XError extends Error {
  error?: number;
}
type Reply<T> = (error: XError | null | undefined, value: T) => boolean | void;
interface XVisual {
  class: number;
  red_mask: number;
  green_mask: number;
  blue_mask: number;
}
interface XScreen {
  root: number;
  pixel_width: number;
  pixel_height: number;
  root_visual: number;
  root_depth: number;
  depths: Record<number, Record<number, XVisual>>;
}
interface XDisplay {
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
interface XExtension {
  majorOpcode: number;
  major_version?: number;
  minor_version?: number;
}
interface ShmSegment {
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
interface ShmExtension extends XExtension {
  createSegment(size: number, callback: (error: Error | null, segment: ShmSegment) => void): void;
}
interface XClient {
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
/** A shared-memory segment provider for the `x11` package's MIT-SHM support (see its lib/shm-provider.js). */
interface SegmentProvider {
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

/** A segment as this provider makes it: a file on /dev/shm, unlinked at once, known by its descriptor. */
interface OwnSegment {
  size: number;
  fd: number | null;
  /** The package copies the segment into this buffer after each GetImage; left empty: rows are read as needed. */
  buffer: Buffer;
}

let segments = 0;

/**
 * Like the package's own provider, except that it never copies the whole
 * segment into one big buffer: the encoder reads a band of rows at a time
 * from the descriptor, so a 4K frame does not cost another 33 MB of heap.
 */
function segmentProvider(created: (segment: OwnSegment) => void): SegmentProvider {
  return {
    flavor: 'fd',
    zeroCopy: false,
    create(size) {
      const file = `/dev/shm/sightline-capture-${process.pid}-${segments++}`;
      const fd = fs.openSync(file, 'w+', 0o600);
      try {
        fs.ftruncateSync(fd, size);
      } catch (error) {
        fs.closeSync(fd);
        throw error;
      } finally {
        // Anonymous from now on: gone once our descriptor and the server's mapping are.
        fs.rmSync(file, { force: true });
      }
      const segment = { size, fd, buffer: Buffer.alloc(0) };
      created(segment);
      return segment;
    },
    commit() {},
    sync() {},
    destroy(segment) {
      if (segment.fd === null) return;
      fs.closeSync(segment.fd);
      segment.fd = null;
    },
  };
}

/** Reads rows of a ZPixmap from a segment's descriptor (see ZPixmapImage.readRows). */
function segmentReader(segment: OwnSegment, stride: number) {
  const read = (into: Buffer, at: number, length: number, position: number) => {
    if (segment.fd === null) throw new X11Error('The shared-memory segment was released before it was read.');
    const got = fs.readSync(segment.fd, into, at, length, position);
    if (got !== length) throw new X11Error(`Read ${got} of ${length} bytes from the shared-memory segment.`);
  };
  return (first: number, count: number, byteX: number, byteWidth: number, into: Buffer) => {
    if (byteX === 0 && byteWidth === stride) return read(into, 0, count * stride, first * stride);
    for (let row = 0; row < count; row++) read(into, row * byteWidth, byteWidth, (first + row) * stride + byteX);
  };
}

const require = createRequire(import.meta.url);
const ZPixmap = 2;
const allPlanes = 0xffffffff;
const TrueColor = 4;
const DirectColor = 5;

/** A monitor in the root window's device pixels (RandR 1.5 GetMonitors). */
export interface X11Monitor {
  /** The monitor's name atom (stable while the server runs). */
  id: number;
  primary: boolean;
  rect: Rect;
}

export interface X11Grab extends ZPixmapImage {
  /** Where the image lies in the root window. */
  rect: Rect;
  method: 'shm' | 'core';
}

export interface X11Screen {
  readonly display: string;
  /** The whole root window. */
  readonly root: Rect;
  /** False once the connection is gone: open a new one. */
  readonly open: boolean;
  monitors(): Promise<X11Monitor[]>;
  /** The pixels of `rect` (root coordinates), all at one moment (one request). */
  grab(rect: Rect): Promise<X11Grab>;
  /** Keeps the process alive while a capture runs; lets it exit while idle. */
  hold(busy: boolean): void;
  close(): void;
}

export class X11Error extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'X11Error';
  }
}

function loadX11(): X11Package {
  return require('x11') as X11Package;
}

export interface X11ScreenOptions {
  /** Use MIT-SHM where it works (default true); false reads over the socket only. */
  sharedMemory?: boolean;
}

/** Connects to `display` (DISPLAY by default). */
export async function openX11Screen(display = process.env.DISPLAY, options: X11ScreenOptions = {}): Promise<X11Screen> {
  if (!display) throw new X11Error('No X display: DISPLAY is not set.');
  const x11 = loadX11();
  const pending = new Set<(error: Error) => void>();
  let open = true;
  let lastError: Error | undefined;
  let created: OwnSegment | undefined;
  const shm = options.sharedMemory === false ? false : segmentProvider((segment) => (created = segment));
  const connection = await new Promise<XDisplay>((resolve, reject) => {
    const client = x11.createClient({ display, shm }, (error, connected) => {
      if (error)
        reject(new X11Error(`Could not connect to the X server at ${display}: ${error.message}`, { cause: error }));
      else resolve(connected);
    });
    // Errors of requests made without a callback, and socket errors after
    // setup: never an uncaught 'error' event in the main process.
    client.on('error', (error) => {
      lastError = error;
    });
  });
  const X = connection.client;
  const gone = () => {
    if (!open) return;
    open = false;
    const error = new X11Error(
      `The X server at ${display} closed the connection${lastError ? ` (${lastError.message})` : ''}.`,
    );
    for (const fail of pending) fail(error);
    pending.clear();
  };
  X.stream.on('close', gone);
  X.stream.on('end', gone);
  X.stream.unref?.();

  /** One request's reply as a promise, failed too when the connection goes. */
  const call = <T>(start: (reply: Reply<T>) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!open) return reject(new X11Error(`The connection to the X server at ${display} is closed.`));
      const fail = (error: Error) => reject(error);
      pending.add(fail);
      start((error, value) => {
        pending.delete(fail);
        if (error) reject(new X11Error(`X request failed: ${error.message}`, { cause: error }));
        else resolve(value);
        return true;
      });
    });

  const screen = connection.screen[0];
  if (!screen) throw new X11Error(`The X server at ${display} has no screen.`);
  const root: Rect = { x: 0, y: 0, width: screen.pixel_width, height: screen.pixel_height };

  let randr: Promise<XExtension | undefined> | undefined;
  const loadRandr = () =>
    (randr ??= new Promise((resolve) =>
      X.require('randr', (error, extension) => resolve(error ? undefined : extension)),
    ));

  const monitors = async (): Promise<X11Monitor[]> => {
    const extension = await loadRandr();
    const version = (extension?.major_version ?? 0) * 100 + (extension?.minor_version ?? 0);
    // Without RandR 1.5 (servers before 2015) the root is one monitor.
    if (!extension || version < 105) return [{ id: 0, primary: true, rect: root }];
    const list = await call<X11Monitor[]>((reply) => {
      X.seq_num++;
      const request = Buffer.alloc(12);
      request[0] = extension.majorOpcode;
      request[1] = 42; // RRGetMonitors
      request.writeUInt16LE(3, 2);
      request.writeUInt32LE(screen.root, 4);
      request[8] = 1; // active monitors only
      X.pack_stream.put(request);
      X.replies[X.seq_num] = [
        (buffer: Buffer) => {
          // The reply after its first 8 bytes: timestamp, nMonitors, nOutputs, 12 pad, MONITORINFO...
          const count = buffer.readUInt32LE(4);
          const found: X11Monitor[] = [];
          let offset = 24;
          for (let i = 0; i < count; i++) {
            const outputs = buffer.readUInt16LE(offset + 6);
            found.push({
              id: buffer.readUInt32LE(offset),
              primary: buffer[offset + 4] === 1,
              rect: {
                x: buffer.readInt16LE(offset + 8),
                y: buffer.readInt16LE(offset + 10),
                width: buffer.readUInt16LE(offset + 12),
                height: buffer.readUInt16LE(offset + 14),
              },
            });
            offset += 24 + 4 * outputs;
          }
          return found;
        },
        reply as Reply<unknown>,
      ];
      X.pack_stream.submit(true);
    });
    return list.length > 0 ? list : [{ id: 0, primary: true, rect: root }];
  };

  const formatOf = (depth: number, visualId: number, width: number): ZPixmapFormat => {
    const pixmap = connection.format[depth];
    const visual = screen.depths[depth]?.[visualId] ?? screen.depths[screen.root_depth]?.[screen.root_visual];
    if (!pixmap || !visual || (visual.class !== TrueColor && visual.class !== DirectColor)) {
      throw new X11Error(`The X screen's visual (depth ${depth}) is not a true-colour one.`);
    }
    const bitsPerPixel = pixmap.bits_per_pixel;
    if (bitsPerPixel !== 16 && bitsPerPixel !== 24 && bitsPerPixel !== 32) {
      throw new X11Error(`The X screen has ${bitsPerPixel} bits per pixel, which Sightline cannot read.`);
    }
    const pad = pixmap.scanline_pad;
    return {
      bitsPerPixel,
      bytesPerLine: (Math.ceil((width * bitsPerPixel) / pad) * pad) / 8,
      redMask: visual.red_mask,
      greenMask: visual.green_mask,
      blueMask: visual.blue_mask,
      byteOrder: connection.image_byte_order === 1 ? 'msb' : 'lsb',
    };
  };

  // MIT-SHM: one segment, kept with the connection and grown when needed.
  let shmExtension: Promise<ShmExtension | undefined> | undefined;
  let segment: { api: ShmSegment; own: OwnSegment } | undefined;
  let shmFailed = options.sharedMemory === false;
  const loadShm = () =>
    (shmExtension ??= new Promise((resolve) =>
      X.require('shm', (error, extension) => resolve(error ? undefined : extension)),
    ));
  const segmentOf = async (size: number): Promise<typeof segment> => {
    if (shmFailed) return undefined;
    if (segment && segment.api.size >= size) return segment;
    const extension = await loadShm();
    if (!extension) {
      shmFailed = true;
      return undefined;
    }
    segment?.api.detach();
    segment = undefined;
    try {
      created = undefined;
      const api = await call<ShmSegment>((reply) => extension.createSegment(size, (error, made) => reply(error, made)));
      if (!created) throw new X11Error('The shared-memory segment was not made by Sightline’s provider.');
      segment = { api, own: created };
    } catch {
      // No descriptor passing (a remote display), no /dev/shm, or a server
      // that refuses the attach: the socket it is.
      shmFailed = true;
    }
    return segment;
  };

  const grab = async (rect: Rect): Promise<X11Grab> => {
    const depth = screen.root_depth;
    const probe = formatOf(depth, screen.root_visual, rect.width);
    const size = probe.bytesPerLine * rect.height;
    const shared = await segmentOf(size);
    if (shared) {
      try {
        const reply = await call<{ depth: number; visual: number; size: number }>((done) =>
          shared.api.getImage(screen.root, rect.x, rect.y, rect.width, rect.height, allPlanes, ZPixmap, 0, done),
        );
        const format = formatOf(reply.depth, reply.visual, rect.width);
        return {
          readRows: segmentReader(shared.own, format.bytesPerLine),
          width: rect.width,
          height: rect.height,
          format,
          rect,
          method: 'shm',
        };
      } catch (error) {
        if (!open) throw error;
        shmFailed = true;
      }
    }
    const reply = await call<{ depth: number; visualId: number; data: Buffer }>((done) =>
      X.GetImage(ZPixmap, screen.root, rect.x, rect.y, rect.width, rect.height, allPlanes, done),
    );
    const format = formatOf(reply.depth, reply.visualId, rect.width);
    return { data: reply.data, width: rect.width, height: rect.height, format, rect, method: 'core' };
  };

  return {
    display,
    root,
    get open() {
      return open;
    },
    monitors,
    grab,
    hold(busy) {
      if (busy) X.stream.ref?.();
      else X.stream.unref?.();
    },
    close() {
      if (!open) return;
      segment?.api.detach();
      segment = undefined;
      X.terminate();
      gone();
    },
  };
}
