// Progress of a whole model download: bytes on disk of all its files against
// their total, the rate over the last few seconds and the time left at that
// rate. Bytes resumed from an earlier run count as done but not toward the
// rate, so a resumed download does not claim an impossible speed.

export type PullPhase = 'listing' | 'downloading' | 'installing' | 'done';

export interface PullProgress {
  id: string;
  dtype: string;
  phase: PullPhase;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds (0 until there is a measurement). */
  bytesPerSecond: number;
  /** Seconds left at the current rate; undefined while the rate is unknown. */
  etaSeconds: number | undefined;
  /** The file being fetched, relative to the model folder. */
  file?: string;
}

export interface ProgressTrackerOptions {
  now?: () => number;
  /** Length of the window the rate is measured over. */
  windowMs?: number;
  /** Least time between two 'downloading' events (phase changes always go out). */
  minIntervalMs?: number;
}

export class ProgressTracker {
  private readonly perFile = new Map<string, number>();
  private readonly samples: Array<{ time: number; fetched: number }> = [];
  private fetched = 0;
  private phase: PullPhase = 'listing';
  private file: string | undefined;
  private lastEmit = -Infinity;
  private bytesTotal = 0;
  private readonly now: () => number;
  private readonly windowMs: number;
  private readonly minIntervalMs: number;

  constructor(
    private readonly base: { id: string; dtype: string },
    private readonly emit: (progress: PullProgress) => void,
    options: ProgressTrackerOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.windowMs = options.windowMs ?? 5_000;
    this.minIntervalMs = options.minIntervalMs ?? 100;
  }

  setPhase(phase: PullPhase, file?: string): void {
    this.phase = phase;
    this.file = file;
    this.send(true);
  }

  setTotal(bytesTotal: number): void {
    this.bytesTotal = bytesTotal;
  }

  /** Bytes of `file` on disk now. Growth counts toward the rate; the first report of a file (resumed bytes) does not. */
  setFileBytes(file: string, bytes: number): void {
    const before = this.perFile.get(file);
    this.perFile.set(file, bytes);
    if (before !== undefined && bytes > before) {
      this.fetched += bytes - before;
      const time = this.now();
      this.samples.push({ time, fetched: this.fetched });
      while (this.samples.length > 2 && this.samples[0]!.time < time - this.windowMs) this.samples.shift();
    }
    this.file = file;
    this.send(false);
  }

  snapshot(): PullProgress {
    const bytesDone = [...this.perFile.values()].reduce((sum, bytes) => sum + bytes, 0);
    const rate = this.rate();
    const left = Math.max(0, this.bytesTotal - bytesDone);
    return {
      ...this.base,
      phase: this.phase,
      bytesDone,
      bytesTotal: this.bytesTotal,
      bytesPerSecond: rate,
      etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : undefined,
      ...(this.file ? { file: this.file } : {}),
    };
  }

  private rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.time - first.time < 200) return 0;
    return ((last.fetched - first.fetched) * 1000) / (last.time - first.time);
  }

  private send(force: boolean): void {
    const time = this.now();
    if (!force && time - this.lastEmit < this.minIntervalMs) return;
    this.lastEmit = time;
    this.emit(this.snapshot());
  }
}
