// Looks models up in the catalog. The built-in catalog (models/catalog.ts) can
// be extended or overridden by id, which is how tests and the benchmark point
// the downloader at a model of their own; a catalog file named by
// SIGHTLINE_CATALOG does the same for mirrors and companies serving their own
// models, through the same verified download.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DeviceSetting, Dtype } from '../../common/engine-protocol.js';
import { messageOf } from '../../common/message-of.js';
import { describeIssues } from '../../common/schema.js';
import { catalog as builtInCatalog } from '../../models/catalog.js';
import { Catalog, CatalogFile, type CatalogEntry } from '../../common/catalog-schema.js';
import { ModelError } from './model-error.js';

export type DeviceKind = 'gpu' | 'cpu';

/** The built-in catalog, validated, with `extra` entries added (an extra entry replaces a built-in one of the same id). */
export function loadCatalog(extra?: readonly CatalogEntry[], defaultModel?: string): Catalog {
  if (extra === undefined && process.env[catalogFileVariable]) return loadCatalogFile(process.env[catalogFileVariable]);
  const byId = new Map(builtInCatalog.models.map((entry) => [entry.id, entry]));
  for (const entry of extra ?? []) byId.set(entry.id, entry);
  const parsed = Catalog.safeParse({
    defaultModel: defaultModel ?? builtInCatalog.defaultModel,
    models: [...byId.values()],
  });
  if (!parsed.success) throw new Error(`The model catalog is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Names a catalog file whose entries are added to the built-in ones (replacing those of the same id). */
export const catalogFileVariable = 'SIGHTLINE_CATALOG';

/**
 * `--catalog <file>` (or `--catalog=<file>`) among the app's arguments names
 * the catalog file as SIGHTLINE_CATALOG does; the flag wins over the variable.
 */
export function useCatalogFileArgument(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const at = argv.findIndex((arg) => arg === '--catalog' || arg.startsWith('--catalog='));
  const flag = argv[at];
  if (flag === undefined) return;
  const file = flag === '--catalog' ? argv[at + 1] : flag.slice('--catalog='.length);
  if (file) env[catalogFileVariable] = path.resolve(file);
}

/** The built-in catalog with a catalog file's entries (`--catalog <file>`, or the file SIGHTLINE_CATALOG names). */
export function loadCatalogFile(file: string): Catalog {
  const { models, defaultModel } = catalogFile(file);
  return loadCatalog(models, defaultModel);
}

/** A catalog file: `{ "defaultModel"?: id, "models": [entries, as in models/catalog.ts] }`, validated. */
function catalogFile(file: string): { models: CatalogEntry[]; defaultModel?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ModelError('unknown-model', `The catalog file ${file} cannot be read: ${messageOf(error)}`);
  }
  const parsed = CatalogFile.safeParse(raw);
  if (!parsed.success) {
    throw new ModelError('unknown-model', `The catalog file ${file} is not valid: ${describeIssues(parsed.error)}`);
  }
  return parsed.data.defaultModel === undefined
    ? { models: parsed.data.models }
    : { models: parsed.data.models, defaultModel: parsed.data.defaultModel };
}

export function findEntry(catalog: Catalog, id: string): CatalogEntry {
  const entry = catalog.models.find((model) => model.id === id);
  if (!entry) {
    throw new ModelError(
      'unknown-model',
      `There is no model "${id}" in the catalog. Known models: ${catalog.models.map((m) => m.id).join(', ')}.`,
    );
  }
  return entry;
}

/** The dtype to download: the one asked for if the catalog offers it, else the recommendation for the device. */
export function pickDtype(entry: CatalogEntry, options: { dtype?: Dtype; device?: DeviceKind } = {}): Dtype {
  if (options.dtype) {
    if (entry.dtypes[options.dtype] === undefined) {
      throw new ModelError(
        'unknown-model',
        `${entry.displayName} is not offered as ${options.dtype}; choose one of ${offeredDtypes(entry).join(', ')}.`,
      );
    }
    return options.dtype;
  }
  return entry.recommended[options.device ?? 'cpu'];
}

/**
 * Which dtype family suits the device setting. 'auto' counts as the CPU: which
 * device it gets is only known once the engine has tried.
 */
export function deviceKindOf(device: DeviceSetting): DeviceKind {
  return device === 'gpu' ? 'gpu' : 'cpu';
}

/** Which installed dtype to load on this kind of device: its recommendation first, then the other kind's. */
export function loadPreference(entry: CatalogEntry, device: DeviceKind): Dtype[] {
  return [entry.recommended[device], entry.recommended[device === 'gpu' ? 'cpu' : 'gpu']];
}

export function offeredDtypes(entry: CatalogEntry): Dtype[] {
  return Object.keys(entry.dtypes) as Dtype[];
}
