// Each capture's thumbnail for the history's list: made once, by the host's
// image scaler (in the app that is the engine, since sharp never runs in
// Electron's main process; the CLI and the web host scale in their own
// process), kept beside its conversation, and read back with each listing so
// that no row ever carries the full capture.
import { maxThumbnailBytes } from '../../common/conversation.js';
import { messageOf } from '../../common/message-of.js';
import type { PrepareImage } from '../model-servers/image-payload.js';
import type { HistoryStore, SideFile } from './history-store.js';

/** The longest side of a thumbnail, in pixels: sharp in a row of the list at twice its size. */
export const thumbnailMaxSide = 160;

/** How many times one thumbnail is tried in a run (the engine may be restarting the first time). */
const attempts = 2;

/** How long one thumbnail may take before the next one goes ahead (an engine that never answers). */
const makeTimeoutMs = 15_000;

const kinds: ReadonlyArray<{ file: SideFile; mime: string }> = [
  { file: 'thumbnail.jpg', mime: 'image/jpeg' },
  { file: 'thumbnail.png', mime: 'image/png' },
];

export class Thumbnails {
  private readonly making = new Map<string, Promise<void>>();
  private readonly tries = new Map<string, number>();
  /** One at a time: a listing of old conversations must not flood the engine. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HistoryStore,
    private readonly prepare: PrepareImage,
    private readonly warn: (message: string) => void,
  ) {}

  /** Makes a capture's thumbnail, unless it is being made or failed already; settles once it is kept (or not). */
  make(id: string): Promise<void> {
    const running = this.making.get(id);
    if (running) return running;
    const tried = this.tries.get(id) ?? 0;
    if (tried >= attempts) return Promise.resolve();
    this.tries.set(id, tried + 1);
    const job = this.queue
      .then(() => this.makeNow(id))
      .catch((error: unknown) => this.warn(`no thumbnail for ${id}: ${messageOf(error)}`))
      .finally(() => this.making.delete(id));
    this.queue = job;
    this.making.set(id, job);
    return job;
  }

  /** The thumbnail as a data: URL, once made. */
  async read(id: string): Promise<string | undefined> {
    for (const { file, mime } of kinds) {
      const bytes = await this.store.readSide(id, file);
      if (bytes && bytes.byteLength > 0 && bytes.byteLength <= maxThumbnailBytes) {
        return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
      }
    }
    return undefined;
  }

  /** Forgets what was tried for a conversation (it was deleted). */
  forget(id: string): void {
    this.tries.delete(id);
  }

  private async makeNow(id: string): Promise<void> {
    const png = await this.store.image(id);
    if (!png) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the image scaler did not answer')), makeTimeoutMs);
    });
    const image = await Promise.race([this.prepare(png, thumbnailMaxSide, true), late]).finally(() =>
      clearTimeout(timer),
    );
    if (image.bytes.byteLength > maxThumbnailBytes) {
      throw new Error(`it would weigh ${image.bytes.byteLength} bytes, more than ${maxThumbnailBytes}`);
    }
    await this.store.saveSide(id, image.mime === 'image/png' ? 'thumbnail.png' : 'thumbnail.jpg', image.bytes);
  }
}
