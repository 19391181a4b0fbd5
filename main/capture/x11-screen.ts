// An X11 screen read in-process, over the X protocol, through the `x11`
// package (x11-package.ts): its layout (x11-monitors.ts) and its pixels, from
// MIT-SHM GetImage where the connection can pass the segment's descriptor (a
// local socket, x11-shm-segment.ts), else from a core GetImage over the
// socket. Either way the result is a raw ZPixmap: no encoding happens here.
// The connection stays usable until the server closes it or close() is called.
import type { Rect } from '../../common/geometry.js';
import type { ZPixmapFormat, ZPixmapImage } from './zpixmap.js';
import { listMonitors, type X11Monitor } from './x11-monitors.js';
import {
  loadX11,
  X11Error,
  type Call,
  type OwnSegment,
  type Reply,
  type ShmExtension,
  type ShmSegment,
  type XDisplay,
  type XExtension,
} from './x11-package.js';
import { segmentProvider, segmentReader } from './x11-shm-segment.js';

const ZPixmap = 2;
const allPlanes = 0xffffffff;
const TrueColor = 4;
const DirectColor = 5;

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

  const call: Call = <T>(start: (reply: Reply<T>) => void): Promise<T> =>
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

  const monitors = async (): Promise<X11Monitor[]> => listMonitors(X, call, await loadRandr(), screen.root, root);

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
