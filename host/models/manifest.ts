// The manifest written into a model folder as the last step of an install.
// A folder under the models root counts as an installed model only when its
// manifest parses: it names the model, the pinned revision it came from and
// the size and hash of every file, which is what `verify` re-checks offline.
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod/mini';
import '../../common/schema.js';
import { Dtype } from '../../common/engine-protocol.js';
import { ModelFamily } from '../../common/catalog-schema.js';
import { manifestFileName } from './layout.js';

export const ManifestFile = z.object({
  path: z.string().check(z.minLength(1)),
  size: z.number().check(z.int(), z.nonnegative()),
  sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  gitBlobSha1: z.optional(z.string().check(z.regex(/^[0-9a-f]{40}$/))),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = z.object({
  format: z.literal(1),
  id: z.string(),
  displayName: z.string(),
  family: ModelFamily,
  repo: z.string(),
  revision: z.string(),
  dtype: Dtype,
  /** ISO 8601 time of the install. */
  installedAt: z.string(),
  files: z.array(ManifestFile),
});
export type Manifest = z.infer<typeof Manifest>;

/** The folder's manifest, or undefined when it has none or an unreadable one (not an installed model). */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, manifestFileName), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = Manifest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the manifest durably (temp file, fsync, rename): it is the install's commit record. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const final = path.join(dir, manifestFileName);
  const temp = `${final}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, final);
}

export function manifestBytes(manifest: Manifest): number {
  return manifest.files.reduce((sum, file) => sum + file.size, 0);
}
