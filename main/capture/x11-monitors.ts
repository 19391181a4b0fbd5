// The screen's layout: the monitors of RandR 1.5 (GetMonitors), the list
// Chromium (so Electron's `screen`) builds its displays from, read with a
// request of our own since the `x11` package does not know this one. A
// server without RandR 1.5 (before 2015), or one that lists no monitor, has
// the root window as its one monitor.
import type { Rect } from '../../common/geometry.js';
import type { Call, Reply, XClient, XExtension } from './x11-package.js';

/** A monitor in the root window's device pixels. */
export interface X11Monitor {
  /** The monitor's name atom (stable while the server runs). */
  id: number;
  primary: boolean;
  rect: Rect;
}

/** The active monitors of the screen whose root window is `rootWindow` and covers `root`. */
export async function listMonitors(
  X: XClient,
  call: Call,
  randr: XExtension | undefined,
  rootWindow: number,
  root: Rect,
): Promise<X11Monitor[]> {
  const version = (randr?.major_version ?? 0) * 100 + (randr?.minor_version ?? 0);
  if (!randr || version < 105) return [{ id: 0, primary: true, rect: root }];
  const list = await call<X11Monitor[]>((reply) => getMonitors(X, randr, rootWindow, reply));
  return list.length > 0 ? list : [{ id: 0, primary: true, rect: root }];
}

/** Sends RRGetMonitors for the active monitors, and parses its reply for `reply`. */
function getMonitors(X: XClient, randr: XExtension, rootWindow: number, reply: Reply<X11Monitor[]>): void {
  X.seq_num++;
  const request = Buffer.alloc(12);
  request[0] = randr.majorOpcode;
  request[1] = 42; // RRGetMonitors
  request.writeUInt16LE(3, 2);
  request.writeUInt32LE(rootWindow, 4);
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
}
