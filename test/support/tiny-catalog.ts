// The test suite's tiny model as the downloader meets it: its catalog entry,
// a fake hub serving its files, and a pull from that hub with retries fast
// enough for failure paths to run in a moment. The entry's file lists come
// from the engine's requiredFiles, as the real entries' do (the catalog test
// checks that for them).
import type { Dtype } from '../../common/engine-protocol.js';
import { requiredFiles } from '../../common/model-files.js';
import type { Catalog, CatalogEntry } from '../../common/catalog-schema.js';
import { loadCatalog } from '../../host/models/catalog.js';
import { pullModel, type PullOptions, type PullResult } from '../../host/models/index.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { readModelFiles, startFakeHub, type FakeFile, type FakeHub } from './fake-hub.js';

export const tinyRepo = 'sightline-tests/tiny-smolvlm';
export const tinyRevision = '0123456789abcdef0123456789abcdef01234567';
export const tinyId = 'tiny-smolvlm';
const dtypes: Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

export async function tinyFiles(): Promise<FakeFile[]> {
  return readModelFiles(await tinyModelDir('smolvlm'));
}

export function tinyEntry(files: readonly FakeFile[], id = tinyId): CatalogEntry {
  const size = (name: string) => files.find((file) => file.path === name)!.bytes.length;
  return {
    id,
    displayName: `Tiny SmolVLM (${id})`,
    family: 'smolvlm',
    repo: tinyRepo,
    revision: tinyRevision,
    license: 'apache-2.0',
    contextLength: 2048,
    goodFor: { en: 'Tests', fr: 'Tests' },
    dtypes: Object.fromEntries(
      dtypes.map((dtype) => {
        const names = requiredFiles('smolvlm', dtype);
        return [dtype, { files: names, bytes: names.reduce((sum, name) => sum + size(name), 0) }];
      }),
    ),
    recommended: { gpu: 'fp16', cpu: 'q8' },
    unverified: [],
  };
}

export function tinyCatalog(files: readonly FakeFile[]): Catalog {
  return loadCatalog([tinyEntry(files)], tinyId);
}

/** Retries in milliseconds, so failure paths run in a moment. */
export const fastRetry = { attempts: 3, connectAttempts: 2, baseDelayMs: 5, maxDelayMs: 20, stallTimeoutMs: 300 };

/** A fake hub serving the tiny model's files as tinyRepo at tinyRevision (or the revision given). */
export async function startTinyHub(
  options: { revision?: string; pageSize?: number; separateCdn?: boolean } = {},
): Promise<FakeHub> {
  return startFakeHub({ repo: tinyRepo, revision: tinyRevision, files: await tinyFiles(), ...options });
}

/** Pulls the tiny model from `hub` into `root`: fp32, from the tiny catalog, with fast retries, unless `options` say otherwise. */
export function pullTinyModel(hub: FakeHub, root: string, options: Partial<PullOptions> = {}): Promise<PullResult> {
  return pullModel({
    root,
    id: tinyId,
    dtype: 'fp32',
    catalog: tinyCatalog(hub.files),
    hub: { endpoint: hub.endpoint },
    retry: fastRetry,
    ...options,
  });
}
