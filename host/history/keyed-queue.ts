// Work run one piece at a time per key, in the order it was asked for: the
// history store's writes to one conversation never overtake each other.
// Small files of the history's, split out of history-store.ts.
import { readFile } from 'node:fs/promises';

export class KeyedQueue {
  private readonly queues = new Map<string, Promise<unknown>>();

  /** Runs `work` once everything queued for `key` before it has settled. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  /** Settles once what is queued for `key` now has. */
  async idle(key: string): Promise<void> {
    await this.queues.get(key);
  }
}

/** A file's contents, or undefined when there is no such file (any other failure throws). */
export async function readIfPresent(file: string): Promise<Buffer | undefined>;
export async function readIfPresent(file: string, encoding: 'utf8'): Promise<string | undefined>;
export async function readIfPresent(file: string, encoding?: 'utf8'): Promise<Buffer | string | undefined> {
  try {
    return encoding ? await readFile(file, encoding) : await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
