// Download progress on the command line: one bar redrawn in place on a
// terminal, and plain lines (each phase, every 10%) when the output is a file
// or a pipe, so logs stay readable.
import { formatBytes, formatDuration, formatRate, type PullProgress } from '../host/models/index.js';

export interface ProgressWriter {
  update(progress: PullProgress): void;
  /** A line that must not be overwritten by the bar (a retry notice). */
  note(message: string): void;
  /** Ends the bar's line. */
  finish(): void;
}

const barWidth = 24;

function percent(progress: PullProgress): number {
  return progress.bytesTotal > 0 ? Math.floor((progress.bytesDone / progress.bytesTotal) * 100) : 0;
}

function summary(progress: PullProgress): string {
  const rate = progress.bytesPerSecond > 0 ? `, ${formatRate(progress.bytesPerSecond)}` : '';
  const eta = progress.bytesPerSecond > 0 ? `, ${formatDuration(progress.etaSeconds)} left` : '';
  return `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}${rate}${eta}`;
}

export function createProgressWriter(stream: NodeJS.WritableStream, isTTY: boolean): ProgressWriter {
  return isTTY ? ttyWriter(stream) : lineWriter(stream);
}

function ttyWriter(stream: NodeJS.WritableStream): ProgressWriter {
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    update(progress) {
      clear();
      if (progress.phase === 'listing') stream.write('Listing files…');
      else if (progress.phase === 'installing') stream.write('Installing…');
      else if (progress.phase === 'done') return;
      else {
        const filled = Math.round((percent(progress) / 100) * barWidth);
        stream.write(
          `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${percent(progress)}% ${summary(progress)}`,
        );
      }
      drawn = true;
    },
    note(message) {
      clear();
      stream.write(`${message}\n`);
    },
    finish() {
      clear();
    },
  };
}

function lineWriter(stream: NodeJS.WritableStream): ProgressWriter {
  let lastPhase: string | undefined;
  let lastStep = -1;
  return {
    update(progress) {
      if (progress.phase !== lastPhase) {
        // Updates are throttled: close the download with its 100% line even if the last one was skipped.
        if (lastPhase === 'downloading' && lastStep < 10 && progress.bytesDone === progress.bytesTotal) {
          stream.write(`100% (${summary(progress)})\n`);
        }
        lastPhase = progress.phase;
        if (progress.phase === 'listing') stream.write('Listing files\n');
        if (progress.phase === 'downloading') stream.write(`Downloading ${formatBytes(progress.bytesTotal)}\n`);
        if (progress.phase === 'installing') stream.write('Installing\n');
      }
      if (progress.phase !== 'downloading') return;
      const step = Math.floor(percent(progress) / 10);
      if (step === lastStep) return;
      lastStep = step;
      stream.write(`${percent(progress)}% (${summary(progress)})\n`);
    },
    note(message) {
      stream.write(`${message}\n`);
    },
    finish() {},
  };
}
