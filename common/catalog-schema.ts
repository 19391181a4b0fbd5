// The shape of a model catalog entry. The catalog (models/catalog.ts) is data
// a person edits by hand from hub pages, so it is validated like any other
// input: a typo in a revision or a dtype fails the test suite, not a user's
// first download.
import * as z from 'zod/mini';
import './schema.js';
import { Dtype } from './engine-protocol.js';
import type { ModelFamily as EngineModelFamily } from './model-files.js';
import { inEachLanguage } from './ui-language.js';

export const ModelFamily = z.enum(['smolvlm', 'qwen2-vl']);
export type ModelFamily = z.infer<typeof ModelFamily>;
// The catalog's families are exactly the engine's: a family the engine cannot
// load must not be downloadable. (Fails to compile when the two drift apart.)
const familiesMatch: [ModelFamily, EngineModelFamily] extends [EngineModelFamily, ModelFamily] ? true : never = true;
void familiesMatch;

/** Values in an entry that were not read from the pinned revision itself; models/README.md says where they come from. */
export const UnverifiedField = z.enum(['revision', 'sizes', 'contextLength', 'files']);
export type UnverifiedField = z.infer<typeof UnverifiedField>;

export const DtypeFiles = z.object({
  /** Every file the engine loads for this dtype, relative to the model folder (the engine's requiredFiles). */
  files: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  /**
   * Download size of those files in bytes, for the catalog view. The
   * downloader never trusts it: the exact size and hash of each file come
   * from the hub's listing of the pinned revision.
   */
  bytes: z.number().check(z.int(), z.positive()),
});
export type DtypeFiles = z.infer<typeof DtypeFiles>;

/**
 * A file's content as read from the hub's own page for the pinned revision:
 * the trust root. A hub listing (or a mirror's) that disagrees is refused
 * before a byte is downloaded. models/README.md says where each pin was read.
 */
export const FilePin = z.object({
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256')),
  /** Exact size in bytes, where a page showed it (file pages round it: "271 MB"). */
  bytes: z.optional(z.number().check(z.int(), z.positive())),
});
export type FilePin = z.infer<typeof FilePin>;

export const CatalogEntry = z
  .object({
    /** Stable id used on the command line and in the models folder. */
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'lower-case letters, digits, dots and dashes')),
    displayName: z.string().check(z.minLength(1)),
    family: ModelFamily,
    /** Hub repository, owner/name. */
    repo: z.string().check(z.regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name')),
    /** A full commit SHA: a branch name would let the files change under a verified download. */
    revision: z.string().check(z.regex(/^[0-9a-f]{40}$/, 'a 40-character commit SHA')),
    license: z.string().check(z.minLength(1)),
    /** Maximum tokens (prompt, image tokens and answer together). */
    contextLength: z.number().check(z.int(), z.positive()),
    /** One line for the model picker, in each language the pages speak (they show their own). Words only: no file depends on it. */
    goodFor: inEachLanguage(z.string().check(z.minLength(1), z.maxLength(120))),
    dtypes: z.partialRecord(Dtype, DtypeFiles),
    /** The dtype to download by default on each kind of device (the engine's preference among what is offered). */
    recommended: z.object({ gpu: Dtype, cpu: Dtype }),
    unverified: z.array(UnverifiedField),
    /** Pinned content by file path (relative to the repository root), for the files verified so far. */
    pins: z.optional(z.record(z.string(), FilePin)),
  })
  .check(
    z.refine((entry) => Object.keys(entry.dtypes).length > 0, 'an entry offers at least one dtype'),
    z.refine(
      (entry) => entry.dtypes[entry.recommended.gpu] !== undefined && entry.dtypes[entry.recommended.cpu] !== undefined,
      'the recommended dtypes must be among the offered dtypes',
    ),
    z.refine(
      (entry) =>
        Object.keys(entry.pins ?? {}).every((pinned) =>
          Object.values(entry.dtypes).some((offered) => offered?.files.includes(pinned)),
        ),
      'every pinned file is one the entry downloads',
    ),
  );
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const Catalog = z
  .object({
    /** What a first run downloads; models/README.md says why. */
    defaultModel: z.string(),
    models: z.array(CatalogEntry).check(z.minLength(1)),
  })
  .check(
    z.refine((catalog) => new Set(catalog.models.map((m) => m.id)).size === catalog.models.length, 'ids are unique'),
    z.refine((catalog) => catalog.models.some((m) => m.id === catalog.defaultModel), 'the default model is listed'),
  );
export type Catalog = z.infer<typeof Catalog>;

/** What a catalog file holds: entries added to the built-in ones, and perhaps another default. */
export const CatalogFile = z.object({
  defaultModel: z.optional(z.string()),
  models: z.array(CatalogEntry),
});
