// Paints the root window of an X display with known RGB pixels, through the
// core protocol's PutImage (the `x11` package), for the capture tests: no
// window manager, browser or image viewer in between, and the paint is done
// once the server has answered the round trip that follows it.
import { createRequire } from 'node:module';

interface Client {
  AllocID(): number;
  CreateGC(id: number, drawable: number, values: Record<string, number>): void;
  PutImage(
    format: number,
    drawable: number,
    gc: number,
    width: number,
    height: number,
    x: number,
    y: number,
    leftPad: number,
    depth: number,
    data: Buffer,
  ): void;
  FreeGC(id: number): void;
  sync(): Promise<void>;
  close(callback?: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface Display {
  client: Client;
  screen: { root: number; root_depth: number }[];
}
interface X11 {
  createClient(options: { display: string }, callback: (error: Error | null, display: Display) => void): void;
}

const x11 = createRequire(import.meta.url)('x11') as X11;

/** Paints `rgb` (width x height, 3 bytes a pixel) at the root window's top left corner. */
export async function paintRoot(display: string, rgb: Buffer, width: number, height: number): Promise<void> {
  const connection = await new Promise<Display>((resolve, reject) =>
    x11.createClient({ display }, (error, connected) => (error ? reject(error) : resolve(connected))),
  );
  const X = connection.client;
  const errors: Error[] = [];
  X.on('error', (error) => errors.push(error));
  const screen = connection.screen[0];
  if (!screen || screen.root_depth !== 24) throw new Error('paintRoot expects a 24-bit screen');
  const gc = X.AllocID();
  X.CreateGC(gc, screen.root, {});
  // ZPixmap rows of 32-bit BGRX pixels, in requests under the 256 KiB core limit.
  const rowsPerRequest = Math.max(1, Math.floor(200_000 / (width * 4)));
  for (let y0 = 0; y0 < height; y0 += rowsPerRequest) {
    const rows = Math.min(rowsPerRequest, height - y0);
    const data = Buffer.alloc(rows * width * 4);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < width; x++) {
        const from = ((y0 + y) * width + x) * 3;
        const to = (y * width + x) * 4;
        data[to] = rgb[from + 2] as number;
        data[to + 1] = rgb[from + 1] as number;
        data[to + 2] = rgb[from] as number;
      }
    }
    X.PutImage(2, screen.root, gc, width, rows, 0, y0, 0, 24, data);
  }
  X.FreeGC(gc);
  await X.sync();
  await new Promise<void>((resolve) => X.close(resolve));
  if (errors.length > 0) throw new Error(`painting the root window failed: ${errors.map((e) => e.message).join('; ')}`);
}
