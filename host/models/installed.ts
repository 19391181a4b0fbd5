// The models on disk: list them with their sizes, re-check their bytes,
// delete them. None of this touches the network, so it works offline.
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Dtype } from '../../common/engine-protocol.js';
import { checkFile } from './file-hash.js';
import { acquireDownloadLock } from './download-lock.js';
import { checkModelId, installedModelDir, lockPath, parseStagingName, stagingRoot, trashRoot } from './layout.js';
import { manifestBytes, readManifest, type Manifest } from './manifest.js';
import { errnoCode } from '../../common/errno-code.js';
import { ioError, isModelError, ModelError } from './model-error.js';

export interface InstalledModel {
  id: string;
  dtype: Dtype;
  /** The folder to load (readModelFolder / the engine's modelDir). */
  dir: string;
  bytes: number;
  manifest: Manifest;
}

export interface PartialDownload {
  id: string;
  dtype: string;
  dir: string;
  /** Bytes already downloaded; a pull of the same model resumes from them. */
  bytesOnDisk: number;
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw ioError(`reading ${dir}`, error);
  }
}

/** Installed models: folders <root>/<id>/<dtype> whose manifest names that id and dtype. */
export async function listInstalledModels(root: string): Promise<InstalledModel[]> {
  const installed: InstalledModel[] = [];
  for (const id of (await subdirectories(root)).sort()) {
    for (const dtype of (await subdirectories(path.join(root, id))).sort()) {
      const model = await readInstalled(root, id, dtype);
      if (model) installed.push(model);
    }
  }
  return installed;
}

async function readInstalled(root: string, id: string, dtype: string): Promise<InstalledModel | undefined> {
  const parsedDtype = Dtype.safeParse(dtype);
  if (!parsedDtype.success) return undefined;
  let dir: string;
  try {
    dir = installedModelDir(root, id, parsedDtype.data);
  } catch {
    return undefined; // not a model id: something else in the folder
  }
  const manifest = await readManifest(dir);
  if (!manifest || manifest.id !== id || manifest.dtype !== dtype) return undefined;
  return { id, dtype: parsedDtype.data, dir, bytes: manifestBytes(manifest), manifest };
}

/**
 * An installed dtype of a model: the one asked for, else the first of
 * `preferred` that is installed, else any. Undefined when none is.
 */
export async function findInstalledModel(
  root: string,
  id: string,
  options: { dtype?: Dtype; preferred?: readonly Dtype[] } = {},
): Promise<InstalledModel | undefined> {
  checkModelId(id);
  if (options.dtype) return readInstalled(root, id, options.dtype);
  const all = (await listInstalledModels(root)).filter((model) => model.id === id);
  for (const dtype of options.preferred ?? []) {
    const match = all.find((model) => model.dtype === dtype);
    if (match) return match;
  }
  return all[0];
}

async function treeSize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await treeSize(full);
    else if (entry.isFile()) total += (await stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/** Downloads that stopped before the end (cancelled, failed, or the app quit). */
export async function listPartialDownloads(root: string): Promise<PartialDownload[]> {
  const partials: PartialDownload[] = [];
  const staging = stagingRoot(root);
  for (const name of (await subdirectories(staging)).sort()) {
    const parsed = parseStagingName(name);
    if (!parsed) continue;
    const dir = path.join(staging, name);
    partials.push({ id: parsed.id, dtype: parsed.dtype, dir, bytesOnDisk: await treeSize(dir) });
  }
  return partials;
}

export interface FileProblem {
  file: string;
  problem: 'missing' | 'size' | 'checksum';
  detail: string;
}

export interface VerifyReport {
  id: string;
  dtype: Dtype;
  dir: string;
  ok: boolean;
  filesChecked: number;
  problems: FileProblem[];
}

/** Re-hashes every file of an installed model against its manifest (the hashes the hub published). */
export async function verifyInstalledModel(
  root: string,
  id: string,
  dtype: Dtype,
  options: { signal?: AbortSignal; onFile?: (file: string, index: number, count: number) => void } = {},
): Promise<VerifyReport> {
  const model = await readInstalled(root, checkModelId(id), dtype);
  if (!model) throw new ModelError('not-installed', `${id} (${dtype}) is not installed in ${path.resolve(root)}.`);
  const problems: FileProblem[] = [];
  const files = model.manifest.files;
  for (const [index, file] of files.entries()) {
    options.onFile?.(file.path, index, files.length);
    const full = path.join(model.dir, ...file.path.split('/'));
    let size: number;
    try {
      size = (await stat(full)).size;
    } catch {
      problems.push({ file: file.path, problem: 'missing', detail: `${file.path} is missing` });
      continue;
    }
    if (size !== file.size) {
      problems.push({ file: file.path, problem: 'size', detail: `${file.path} has ${size} bytes, not ${file.size}` });
      continue;
    }
    const check = await checkFile(full, file, options.signal).catch((error: unknown) => {
      throw ioError(`reading ${full}`, error);
    });
    if (!check.ok) {
      problems.push({
        file: file.path,
        problem: 'checksum',
        detail: `${file.path} does not match its ${check.algorithm} (expected ${check.expected.slice(0, 16)}…)`,
      });
    }
  }
  return { id, dtype, dir: model.dir, ok: problems.length === 0, filesChecked: files.length, problems };
}

/** Moves a folder out of sight in one rename, then deletes it: nobody ever sees half a model. */
export async function discardFolder(root: string, dir: string): Promise<void> {
  const trash = trashRoot(root);
  const target = path.join(trash, `${path.basename(dir)}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(trash, { recursive: true });
    await rename(dir, target);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw ioError(`removing ${dir} (close the model in Sightline first if it is loaded)`, error);
  }
  await rm(target, { recursive: true, force: true }).catch(() => {});
}

export interface RemoveResult {
  removed: InstalledModel[];
  /** Partial downloads deleted along with the model. */
  partials: PartialDownload[];
}

/** Deletes an installed model (one dtype, or all of them) and its partial downloads. */
export async function removeModel(root: string, id: string, dtype?: Dtype): Promise<RemoveResult> {
  checkModelId(id);
  const removed = (await listInstalledModels(root)).filter(
    (model) => model.id === id && (dtype === undefined || model.dtype === dtype),
  );
  for (const model of removed) await discardFolder(root, model.dir);
  const partials = (await listPartialDownloads(root)).filter(
    (partial) => partial.id === id && (dtype === undefined || partial.dtype === dtype),
  );
  const discarded: PartialDownload[] = [];
  for (const partial of partials) {
    const parsedDtype = Dtype.safeParse(partial.dtype);
    if (!parsedDtype.success) continue;
    let release: (() => Promise<void>) | undefined;
    try {
      release = await acquireDownloadLock(lockPath(root, id, parsedDtype.data), `${id} (${partial.dtype})`);
    } catch (error) {
      if (isModelError(error, 'busy')) continue; // being downloaded right now: leave it to its owner
      throw error;
    }
    try {
      await discardFolder(root, partial.dir);
      discarded.push(partial);
    } finally {
      await release();
    }
  }
  await rmdir(path.join(root, id)).catch(() => {}); // only if empty
  if (removed.length === 0 && discarded.length === 0) {
    throw new ModelError(
      'not-installed',
      `${id}${dtype ? ` (${dtype})` : ''} is not installed in ${path.resolve(root)}; nothing to remove.`,
    );
  }
  return { removed, partials: discarded };
}
