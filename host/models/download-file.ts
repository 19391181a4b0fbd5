// Downloads one file of a model into the staging folder. Bytes go to
// "<file>.part"; a later attempt (after a dropped connection, a stall, or a
// restart of the app) asks for the rest with an HTTP Range request and hashes
// the bytes already on disk first, so the final check covers the whole file.
// Only a file whose hash matches what the hub published loses its .part
// suffix; one that does not is deleted and named in the error.
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ContentHasher, hashFilePrefix } from './file-hash.js';
import { hubHeaders, hubHost, type HubOptions } from './hub-config.js';
import { statusError } from './hub-errors.js';
import type { HubFile } from './hub-listing.js';
import { classifyFetchError, TransientError, watchedFetch, withRetries, type RetryPolicy } from './http-retry.js';
import { ioError, ModelError } from './model-error.js';
import { partSuffix } from './layout.js';

export interface FileDownloadOptions {
  hub: HubOptions;
  repo: string;
  revision: string;
  url: string;
  file: HubFile;
  /** Where the verified file ends up (inside the staging folder). */
  finalPath: string;
  policy: RetryPolicy;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  offlineHint?: string;
  /** Bytes of this file on disk so far; may go down when a server ignores Range and sends it all again. */
  onBytes(bytesOnDisk: number): void;
  onRetry?: (error: TransientError, delayMs: number) => void;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}

export async function downloadFile(options: FileDownloadOptions): Promise<void> {
  const { file, finalPath } = options;
  if ((await sizeOf(finalPath)) === file.size) {
    // Verified and renamed by an earlier run: a file only loses .part after its hash matched.
    options.onBytes(file.size);
    return;
  }
  const partPath = `${finalPath}${partSuffix}`;
  try {
    await mkdir(path.dirname(partPath), { recursive: true });
  } catch (error) {
    throw ioError(`creating ${path.dirname(partPath)}`, error);
  }
  const state: AttemptState = { hasher: undefined, hashed: 0 };
  await withRetries(() => attempt(options, partPath, state), {
    policy: options.policy,
    signal: options.signal,
    host: hubHost(options.hub),
    what: file.path,
    offlineHint: options.offlineHint,
    onRetry: options.onRetry,
  });
  const check = state.hasher!.check();
  if (!check.ok) {
    await rm(partPath, { force: true });
    throw new ModelError(
      'checksum',
      `${file.path} of ${options.repo} does not match the ${check.algorithm} the hub published ` +
        `(expected ${check.expected.slice(0, 16)}…, got ${check.actual.slice(0, 16)}…). ` +
        'The file was deleted. Run the download again; if this repeats, something on the network ' +
        '(a proxy, or the mirror in HF_ENDPOINT) is altering downloads.',
    );
  }
  try {
    await rename(partPath, finalPath);
  } catch (error) {
    throw ioError(`moving ${partPath} into place`, error);
  }
}

interface AttemptState {
  hasher: ContentHasher | undefined;
  /** How many leading bytes of the .part file the hasher has seen. */
  hashed: number;
}

/** Starts the hash over from the bytes on disk unless the hasher already covers exactly them. */
async function syncHasher(options: FileDownloadOptions, partPath: string, state: AttemptState, onDisk: number) {
  if (state.hasher && state.hashed === onDisk) return;
  state.hasher = new ContentHasher(options.file);
  state.hashed = 0;
  try {
    await hashFilePrefix(partPath, state.hasher, onDisk, options.signal);
  } catch (error) {
    throw ioError(`reading ${partPath}`, error);
  }
  state.hashed = onDisk;
}

/** One request. Throws TransientError for what a retry may fix. */
async function attempt(options: FileDownloadOptions, partPath: string, state: AttemptState): Promise<void> {
  const { file } = options;
  let offset = (await sizeOf(partPath)) ?? 0;
  if (offset > file.size) {
    await rm(partPath, { force: true });
    offset = 0;
  }
  await syncHasher(options, partPath, state, offset);
  options.onBytes(offset);
  if (offset === file.size) return;

  // identity: a compressed transfer would make Range offsets meaningless.
  const extra: Record<string, string> = { 'accept-encoding': 'identity' };
  if (offset > 0) extra.range = `bytes=${offset}-`;
  const watched = await watchedFetch(
    options.fetchImpl ?? fetch,
    options.url,
    { headers: hubHeaders(options.hub, options.url, extra) },
    options.policy.stallTimeoutMs,
    options.signal,
  );
  let progressed = false;
  let handle: FileHandle | undefined;
  try {
    const { response } = watched;
    if (response.status === 416) {
      // The server thinks the range is past the end: start this file over.
      await rm(partPath, { force: true });
      state.hasher = undefined;
      throw new TransientError('drop', 'range not satisfiable', false);
    }
    if (!response.ok) {
      throw statusError(response, {
        hub: options.hub,
        repo: options.repo,
        revision: options.revision,
        file: file.path,
      });
    }
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (!range || range.start !== offset || (range.total !== undefined && range.total !== file.size)) {
        await rm(partPath, { force: true });
        state.hasher = undefined;
        throw new TransientError('drop', `unexpected Content-Range ${response.headers.get('content-range')}`, false);
      }
    } else if (offset > 0) {
      // 200 to a Range request: the server sends the whole file again.
      offset = 0;
      state.hasher = new ContentHasher(file);
      state.hashed = 0;
    }
    if (!response.body) throw new TransientError('drop', 'empty body', false);
    try {
      handle = await open(partPath, offset === 0 ? 'w' : 'r+');
    } catch (error) {
      throw ioError(`opening ${partPath}`, error);
    }
    options.onBytes(offset);
    let position = offset;
    // A reader loop rather than for-await: the DOM typings of ReadableStream (seen by the tests) lack the iterator.
    const reader = response.body.getReader();
    // A read still pending when the download is cancelled or stalls must end with it: seen on a
    // busy machine, fetch's body read never settled after the abort, so the cancelled download
    // never let go of its files and the next download of that model waited for it for good.
    const stopped = new Promise<never>((_, reject) => {
      const stop = () => {
        reader.cancel().catch(() => {});
        reject(watched.signal.reason instanceof Error ? watched.signal.reason : new Error('aborted'));
      };
      if (watched.signal.aborted) stop();
      else watched.signal.addEventListener('abort', stop, { once: true });
    });
    stopped.catch(() => {});
    for (;;) {
      const { done, value: chunk } = await Promise.race([reader.read(), stopped]);
      if (done) break;
      watched.touch();
      if (position + chunk.byteLength > file.size) {
        await rm(partPath, { force: true });
        state.hasher = undefined;
        throw new ModelError(
          'bad-response',
          `${hubHost(options.hub)} sent more bytes of ${file.path} than the ${file.size} it listed. Try again later.`,
        );
      }
      try {
        await handle.write(chunk, 0, chunk.byteLength, position);
      } catch (error) {
        throw ioError(`writing ${partPath}`, error);
      }
      position += chunk.byteLength;
      state.hasher!.update(chunk);
      state.hashed = position;
      progressed = true;
      options.onBytes(position);
    }
    if (position < file.size) throw new TransientError('drop', 'connection closed before the end', progressed);
    try {
      await handle.sync();
    } catch (error) {
      throw ioError(`writing ${partPath}`, error);
    }
  } catch (error) {
    if (error instanceof ModelError || error instanceof TransientError) throw error;
    throw classifyFetchError(error, { stalled: watched.stalled(), outer: options.signal, progressed });
  } finally {
    await handle?.close().catch(() => {});
    watched.close();
  }
}

/** "bytes 100-199/200" → { start: 100, end: 199, total: 200 }. */
export function parseContentRange(
  header: string | null,
): { start: number; end: number; total: number | undefined } | undefined {
  const match = header ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim()) : null;
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? undefined : Number(match[3]) };
}
