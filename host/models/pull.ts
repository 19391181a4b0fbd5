// Downloads a model from the catalog and installs it, or says plainly why not.
//
//   listing  the pinned revision's files, with the size and hash of each
//   check    free disk space for what is left to fetch, before the first byte
//   fetch    each file into the staging folder: resumed with Range, retried
//            with backoff, verified against its hash
//   install  manifest written last, then the complete folder renamed into
//            place in one step
//
// A cancelled or failed pull leaves no model visible; its staging folder
// stays, so the next pull of the same model resumes (listPartialDownloads
// shows it, removeModel deletes it). Two pulls of one model in one process
// share one download; two processes are kept apart by a lock file. Just over
// 300 lines: the four steps above, in order, each calling its own file.
import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Dtype } from '../../common/engine-protocol.js';
import type { Catalog, CatalogEntry } from '../../common/catalog-schema.js';
import { findEntry, loadCatalog, pickDtype, type DeviceKind } from './catalog.js';
import { checkFreeSpace, type FreeSpace } from './disk-space.js';
import { acquireDownloadLock } from './download-lock.js';
import { downloadFile } from './download-file.js';
import { planFiles } from './download-plan.js';
import { defaultEndpoint, hubOptionsFromEnv, resolveUrl, type HubOptions } from './hub-config.js';
import { listRevisionFiles, type HubFile } from './hub-listing.js';
import { defaultRetryPolicy, type RetryPolicy } from './http-retry.js';
import { discardFolder, findInstalledModel, listPartialDownloads, type InstalledModel } from './installed.js';
import { installedModelDir, lockPath, partSuffix, stagingDir, stagingRoot } from './layout.js';
import { writeManifest, type Manifest } from './manifest.js';
import { errnoCode } from '../../common/errno-code.js';
import { cancelledError, ioError } from './model-error.js';
import { ProgressTracker, type PullProgress } from './progress.js';

export interface PullOptions {
  /** The models folder (the app: modelsRootIn(app.getPath('userData')); the CLI: defaultModelsRoot()). */
  root: string;
  id: string;
  /** Defaults to the catalog's recommendation for `device`. */
  dtype?: Dtype;
  device?: DeviceKind;
  catalog?: Catalog;
  /** Defaults to HF_ENDPOINT / HF_TOKEN from the environment. */
  hub?: HubOptions;
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
  /** A line about a retry ("onnx/x.onnx: network failure (ECONNRESET); retrying in 2 s"). */
  onRetry?: (message: string) => void;
  freeSpace?: FreeSpace;
  retry?: Partial<RetryPolicy>;
  fetchImpl?: typeof fetch;
}

export interface PullResult extends InstalledModel {
  /** True when the model was already installed at the catalog's revision and nothing was fetched. */
  alreadyInstalled: boolean;
}

interface SharedPull {
  controller: AbortController;
  listeners: Set<(progress: PullProgress) => void>;
  retryListeners: Set<(message: string) => void>;
  subscribers: number;
  last: PullProgress | undefined;
  promise: Promise<PullResult>;
}

/** Downloads in progress in this process, by models folder, id and dtype. */
const active = new Map<string, SharedPull>();
/** Downloads whose every caller cancelled, until they have let go of their files. */
const stopping = new Map<string, Promise<unknown>>();

/**
 * Installs `options.id` (at `options.dtype`, else the catalog's pick for the
 * device) and resolves to the installed folder. A second call for the same
 * model and folder while one runs joins it: it gets the same progress and
 * result, and the download runs with the first call's hub, retry and disk
 * settings. Each caller's signal cancels only that caller; the download stops
 * when the last caller has cancelled.
 */
export async function pullModel(options: PullOptions): Promise<PullResult> {
  const catalog = options.catalog ?? loadCatalog();
  const entry = findEntry(catalog, options.id);
  const dtype = pickDtype(entry, options);
  // Never start a download nobody is waiting for.
  if (options.signal?.aborted) throw cancelledError(`The download of ${entry.displayName}`);
  const root = path.resolve(options.root);
  const key = `${root}\0${entry.id}\0${dtype}`;
  let job = active.get(key);
  if (!job) {
    job = startShared(key, (signal, shared) => runPull({ ...options, root }, entry, dtype, signal, shared));
  }
  return await subscribe(job, key, entry, options);
}

function startShared(key: string, run: (signal: AbortSignal, job: SharedPull) => Promise<PullResult>): SharedPull {
  const controller = new AbortController();
  const previous = stopping.get(key);
  let resolveJob!: (result: Promise<PullResult>) => void;
  const job: SharedPull = {
    controller,
    listeners: new Set(),
    retryListeners: new Set(),
    subscribers: 0,
    last: undefined,
    promise: new Promise<PullResult>((resolve) => (resolveJob = resolve)),
  };
  // A download whose callers all cancelled may still be letting go of its files: start after it has.
  resolveJob((previous ?? Promise.resolve()).catch(() => {}).then(() => run(controller.signal, job)));
  const forget = () => {
    if (active.get(key) === job) active.delete(key);
  };
  job.promise.then(forget, forget);
  active.set(key, job);
  return job;
}

function subscribe(job: SharedPull, key: string, entry: CatalogEntry, options: PullOptions): Promise<PullResult> {
  const { signal, onProgress, onRetry } = options;
  return new Promise<PullResult>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError(`The download of ${entry.displayName}`));
    job.subscribers++;
    if (onProgress) {
      job.listeners.add(onProgress);
      if (job.last) onProgress(job.last);
    }
    if (onRetry) job.retryListeners.add(onRetry);
    let settled = false;
    const leave = () => {
      settled = true;
      if (onProgress) job.listeners.delete(onProgress);
      if (onRetry) job.retryListeners.delete(onRetry);
      signal?.removeEventListener('abort', onAbort);
      job.subscribers--;
    };
    const onAbort = () => {
      if (settled) return;
      leave();
      if (job.subscribers === 0) {
        // The last caller left: stop the download at once, and let the next pull wait until it has let go.
        if (active.get(key) === job) active.delete(key);
        const done = job.promise.catch(() => {});
        stopping.set(key, done);
        void done.then(() => stopping.get(key) === done && stopping.delete(key));
        job.controller.abort();
      }
      reject(cancelledError(`The download of ${entry.displayName}`));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    job.promise.then(
      (result) => {
        if (settled) return;
        leave();
        resolve(result);
      },
      (error: unknown) => {
        if (settled) return;
        leave();
        reject(error);
      },
    );
  });
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Windows refuses to rename a folder for a moment after files in it were closed (indexers, antivirus). */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (error) {
      const code = errnoCode(error);
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) {
        throw ioError(`moving the downloaded model into ${to}`, error);
      }
      await new Promise((done) => setTimeout(done, 100 * (attempt + 1)));
    }
  }
}

async function runPull(
  options: PullOptions & { root: string },
  entry: CatalogEntry,
  dtype: Dtype,
  signal: AbortSignal,
  job: SharedPull,
): Promise<PullResult> {
  const { root } = options;
  const hub = options.hub ?? hubOptionsFromEnv();
  const policy = { ...defaultRetryPolicy, ...options.retry };
  const what = `${entry.displayName} (${dtype})`;
  const tracker = new ProgressTracker({ id: entry.id, dtype }, (progress) => {
    job.last = progress;
    for (const listener of job.listeners) listener(progress);
  });
  const offlineHint = hub.endpoint === defaultEndpoint ? undefined : `HF_ENDPOINT is ${hub.endpoint}`;
  const onRetry = (file: string) => (error: Error, delayMs: number) => {
    const message = `${file}: ${error.message}; retrying in ${Math.round(delayMs / 100) / 10} s`;
    for (const listener of job.retryListeners) listener(message);
  };

  const existing = await findInstalledModel(root, entry.id, { dtype });
  if (existing && existing.manifest.revision === entry.revision) {
    tracker.setTotal(existing.bytes);
    tracker.setFileBytes('', existing.bytes);
    tracker.setPhase('done');
    return { ...existing, alreadyInstalled: true };
  }

  const staging = stagingDir(root, entry.id, dtype, entry.revision);
  try {
    await mkdir(stagingRoot(root), { recursive: true });
  } catch (error) {
    throw ioError(`creating the models folder ${root}`, error);
  }
  const release = await acquireDownloadLock(lockPath(root, entry.id, dtype), what);
  try {
    // Bytes of another revision of this model can never be resumed into this one.
    for (const partial of await listPartialDownloads(root)) {
      if (partial.id === entry.id && partial.dtype === dtype && partial.dir !== staging) {
        await discardFolder(root, partial.dir);
      }
    }

    tracker.setPhase('listing');
    const listing = await listRevisionFiles({
      hub,
      repo: entry.repo,
      revision: entry.revision,
      policy,
      signal,
      fetchImpl: options.fetchImpl,
      offlineHint,
    });
    const files = planFiles(entry, dtype, listing, hub);
    const total = files.reduce((sum, file) => sum + file.size, 0);
    tracker.setTotal(total);
    let present = 0;
    for (const file of files) {
      // Bytes left by an earlier run count as done from the start (and not toward the rate).
      const finalPath = path.join(staging, ...file.path.split('/'));
      const done = await sizeOf(finalPath);
      const bytes = done === file.size ? done : Math.min(file.size, await sizeOf(`${finalPath}${partSuffix}`));
      tracker.setFileBytes(file.path, bytes);
      present += bytes;
    }
    await checkFreeSpace({ dir: root, needed: total - present, what, freeSpace: options.freeSpace });

    tracker.setPhase('downloading');
    for (const file of files) {
      if (signal.aborted) throw cancelledError(`The download of ${entry.displayName}`);
      await downloadFile({
        hub,
        repo: entry.repo,
        revision: entry.revision,
        url: resolveUrl(hub, entry.repo, entry.revision, file.path),
        file,
        finalPath: path.join(staging, ...file.path.split('/')),
        policy,
        signal,
        fetchImpl: options.fetchImpl,
        offlineHint,
        onBytes: (bytes) => tracker.setFileBytes(file.path, bytes),
        onRetry: onRetry(file.path),
      });
    }

    tracker.setPhase('installing');
    const manifest = buildManifest(entry, dtype, files);
    try {
      await writeManifest(staging, manifest);
    } catch (error) {
      throw ioError(`writing the manifest in ${staging}`, error);
    }
    if (signal.aborted) throw cancelledError(`The download of ${entry.displayName}`);
    const target = installedModelDir(root, entry.id, dtype);
    try {
      await mkdir(path.dirname(target), { recursive: true });
    } catch (error) {
      throw ioError(`creating ${path.dirname(target)}`, error);
    }
    await discardFolder(root, target); // an older revision of the same model and dtype
    await renameWithRetry(staging, target);
    tracker.setPhase('done');
    return { id: entry.id, dtype, dir: target, bytes: total, manifest, alreadyInstalled: false };
  } finally {
    await release();
  }
}

function buildManifest(entry: CatalogEntry, dtype: Dtype, files: readonly HubFile[]): Manifest {
  return {
    format: 1,
    id: entry.id,
    displayName: entry.displayName,
    family: entry.family,
    repo: entry.repo,
    revision: entry.revision,
    dtype,
    installedAt: new Date().toISOString(),
    files: files.map((file) => ({
      path: file.path,
      size: file.size,
      ...(file.sha256 ? { sha256: file.sha256 } : {}),
      ...(file.gitBlobSha1 ? { gitBlobSha1: file.gitBlobSha1 } : {}),
    })),
  };
}
