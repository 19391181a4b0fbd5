// An async-iterable queue of one answer's events: the engine pushes at its
// pace, the reader pulls at its own, and nothing is lost in between.
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private iterated = false;

  /** @param onAbandon called when the reader stops iterating before the end. */
  constructor(private readonly onAbandon: () => void) {}

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.wakeReader();
  }

  /** No more items; the reader gets what is queued, then the end. */
  end(): void {
    this.ended = true;
    this.wakeReader();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    // One reader: a second would silently steal half of the events.
    if (this.iterated) throw new Error('An answer can be read only once.');
    this.iterated = true;
    return {
      next: async () => {
        while (this.items.length === 0 && !this.ended) {
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
        if (this.items.length === 0) return { done: true, value: undefined };
        return { done: false, value: this.items.shift() as T };
      },
      return: async () => {
        if (!this.ended) this.onAbandon();
        this.items.length = 0;
        this.ended = true;
        return { done: true, value: undefined };
      },
    };
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
