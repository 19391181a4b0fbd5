// Saves an answer's text while it streams, at most once per interval, so that
// a hard kill of the process loses at most about that much of it. One write is
// in flight at a time; text that arrives meanwhile goes in the next one.
import type { AnswerProgress } from '../../common/conversation.js';
import { messageOf } from '../../common/message-of.js';

export interface AnswerJournalOptions {
  /** Writes one snapshot (the history store's saveProgress). */
  save: (progress: AnswerProgress) => Promise<void>;
  /** The `at` of the question being answered. */
  questionAt: number;
  /** The most time between a delta and its snapshot on disk. */
  intervalMs?: number;
  /** The clock for each snapshot's savedAt (the chat service's). */
  now?: () => number;
}

export const answerJournalIntervalMs = 1000;

export class AnswerJournal {
  private text = '';
  private savedLength = 0;
  /** performance.now() of the last write: the interval is real time, whatever clock savedAt uses. */
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AnswerJournalOptions) {
    this.intervalMs = options.intervalMs ?? answerJournalIntervalMs;
    this.now = options.now ?? Date.now;
  }

  /** The answer's text so far grew by `delta`. */
  add(delta: string): void {
    if (this.closed || delta === '') return;
    this.text += delta;
    this.schedule();
  }

  /** No more writes; resolves once the one in flight (if any) is done, so the final save comes after it. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
  }

  private schedule(): void {
    if (this.timer || this.writing) return;
    const wait = Math.max(0, this.lastWriteAt + this.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, wait);
    // A pending snapshot never keeps a process alive that is otherwise done.
    this.timer.unref?.();
  }

  private write(): void {
    if (this.closed || this.text.length === this.savedLength) return;
    const text = this.text;
    this.lastWriteAt = performance.now();
    this.writing = this.options
      .save({ questionAt: this.options.questionAt, text, savedAt: this.now() })
      .then(
        () => void (this.savedLength = text.length),
        (error: unknown) => console.error(`Sightline: could not save the answer in progress: ${messageOf(error)}`),
      )
      .finally(() => {
        this.writing = undefined;
        if (!this.closed && this.text.length !== this.savedLength) this.schedule();
      });
  }
}
