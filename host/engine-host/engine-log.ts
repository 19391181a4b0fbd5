// The engine process's own stdout and stderr, kept out of the user's way.
// Native libraries in the engine (onnxruntime, Dawn behind its WebGPU
// provider, the CUDA loader) write to file descriptors 1 and 2 themselves,
// past anything JavaScript in the engine could patch; a GPU provider that is
// merely unavailable prints a warning or a red error on every run. The
// launcher pipes both descriptors here instead: into a debug log file, and
// live to a terminal only when asked (the CLI's --verbose). The engine's
// messages to the host travel over IPC or a MessagePort, never stdout, so
// nothing here is protocol.
import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface EngineLogOptions {
  /** Also gets the output, unchanged, as it comes (--verbose). */
  echo?: NodeJS.WritableStream;
  /** Gets the output when the file cannot be written: it is never dropped unseen. */
  fallback?: NodeJS.WritableStream;
}

// Colour and cursor sequences (onnxruntime prints its errors in bold red
// even into a pipe): kept for a live terminal, stripped from the file.
// eslint-disable-next-line no-control-regex -- matching the ESC character is the point
const terminalEscape = /\u001b\[[0-9;?]*[A-Za-z]/g;

export class EngineLog {
  private fd: number | undefined;
  private bytesWritten = 0;
  private openStreams = 0;
  private allEnded: Array<() => void> = [];

  private constructor(
    private readonly file: string,
    private readonly options: EngineLogOptions,
  ) {
    this.fd = openFresh(file);
  }

  /**
   * Starts the log file afresh (a stale file of that name is replaced, never
   * followed if it is a link). If it cannot be created, output goes to
   * options.fallback instead.
   */
  static open(file: string, options: EngineLogOptions = {}): EngineLog {
    return new EngineLog(file, options);
  }

  /**
   * The file to name in a message about a failure: only once something is in
   * it, so a reader finds what was promised. Output the engine wrote just
   * before its message to the host may arrive in the same turn of the event
   * loop, after the message's handler: waiting one turn lets it be read first.
   */
  async details(): Promise<string | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.bytesWritten > 0 ? this.file : undefined;
  }

  /** Takes one engine process's stdout and stderr (an engine that restarts adds its new ones). */
  follow(streams: ReadonlyArray<NodeJS.ReadableStream | null | undefined>): void {
    let headerDue = true;
    for (const stream of streams) {
      if (!stream) continue;
      this.openStreams++;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        this.streamEnded();
      };
      stream.on('data', (chunk: Buffer | string) => {
        // One line per engine process, so the restarts of a long app session read apart.
        if (headerDue) {
          headerDue = false;
          this.toFile(`--- Sightline engine output, ${new Date().toISOString()} ---\n`);
        }
        this.write(chunk);
      });
      stream.on('end', end);
      stream.on('close', end);
      // A broken pipe must not take the host down with an unhandled 'error'.
      stream.on('error', end);
    }
  }

  /** After the engine has exited: waits for the rest of its output, then closes the file (removed if empty). */
  async close(): Promise<void> {
    if (this.openStreams > 0) await new Promise<void>((resolve) => this.allEnded.push(resolve));
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    if (this.bytesWritten === 0) {
      try {
        unlinkSync(this.file);
      } catch {
        // Already gone: nothing to tidy.
      }
    }
  }

  private write(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.options.echo?.write(chunk);
    if (this.fd === undefined) {
      if (this.options.echo !== this.options.fallback) this.options.fallback?.write(chunk);
      return;
    }
    const plain = text.replace(terminalEscape, '');
    if (this.toFile(plain)) this.bytesWritten += Buffer.byteLength(plain);
    else if (this.options.echo !== this.options.fallback) this.options.fallback?.write(chunk);
  }

  private toFile(text: string): boolean {
    if (this.fd === undefined) return false;
    try {
      // Synchronous: lines land in order, and nothing is lost if the host exits right after.
      writeSync(this.fd, text);
      return true;
    } catch {
      // A full disk, say: from now on the output goes to the fallback rather than nowhere.
      const fd = this.fd;
      this.fd = undefined;
      try {
        closeSync(fd);
      } catch {
        // Closing a descriptor that failed to write may fail too; it is released either way.
      }
      return false;
    }
  }

  private streamEnded(): void {
    this.openStreams--;
    if (this.openStreams > 0) return;
    const waiting = this.allEnded;
    this.allEnded = [];
    for (const resolve of waiting) resolve();
  }
}

/** A new file of that name, or undefined when it cannot be made. */
function openFresh(file: string): number | undefined {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      unlinkSync(file);
    } catch {
      // No stale file (or one we may not remove, which 'wx' below refuses).
    }
    // 'wx': create, and fail rather than write through a link someone left in a shared temp folder.
    return openSync(file, 'wx', 0o600);
  } catch {
    return undefined;
  }
}
