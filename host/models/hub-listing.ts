// Lists the files of one pinned revision with the size and hash the hub
// publishes for each: `lfs.oid` is the SHA-256 of an LFS file's content
// (returned by the tree endpoint without `expand`, which only adds commit and
// security details), `oid` the git blob id of a file kept in git itself.
import * as z from 'zod/mini';
import '../../common/schema.js';
import { describeIssues } from '../../common/schema.js';
import { hubHeaders, hubHost, treeUrl, type HubOptions } from './hub-config.js';
import { statusError } from './hub-errors.js';
import { classifyFetchError, TransientError, watchedFetch, withRetries, type RetryPolicy } from './http-retry.js';
import type { ExpectedContent } from './file-hash.js';
import { ModelError } from './model-error.js';

const TreeEntry = z.object({
  type: z.string(),
  path: z.string(),
  size: z.optional(z.number()),
  oid: z.optional(z.string()),
  lfs: z.optional(z.object({ oid: z.string(), size: z.number() })),
});
const TreePage = z.array(TreeEntry);

export interface HubFile extends ExpectedContent {
  path: string;
}

export interface ListOptions {
  hub: HubOptions;
  repo: string;
  revision: string;
  policy: RetryPolicy;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  offlineHint?: string;
}

const maxPages = 100;

/** Every file of the revision, with what to check it against. */
export async function listRevisionFiles(options: ListOptions): Promise<HubFile[]> {
  const files: HubFile[] = [];
  let url: string | undefined = treeUrl(options.hub, options.repo, options.revision);
  for (let page = 0; url && page < maxPages; page++) {
    const current: string = url;
    const { entries, next } = await withRetries(() => fetchPage(current, options), {
      policy: options.policy,
      ...(options.signal ? { signal: options.signal } : {}),
      host: hubHost(options.hub),
      what: `the file list of ${options.repo}`,
      ...(options.offlineHint ? { offlineHint: options.offlineHint } : {}),
    });
    for (const entry of entries) {
      if (entry.type !== 'file') continue;
      files.push(toHubFile(entry, options));
    }
    url = next;
  }
  return files;
}

function toHubFile(entry: z.infer<typeof TreeEntry>, options: ListOptions): HubFile {
  if (entry.lfs) {
    const sha256 = entry.lfs.oid.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw badListing(options, `${entry.path} has no SHA-256 in its LFS details`);
    return { path: entry.path, size: entry.lfs.size, sha256 };
  }
  const oid = entry.oid?.toLowerCase();
  if (!oid || !/^[0-9a-f]{40}$/.test(oid) || entry.size === undefined) {
    throw badListing(options, `${entry.path} has no git blob id or size`);
  }
  return { path: entry.path, size: entry.size, gitBlobSha1: oid };
}

function badListing(options: ListOptions, detail: string): ModelError {
  return new ModelError(
    'bad-response',
    `${hubHost(options.hub)} sent a file list for ${options.repo} that Sightline cannot check downloads against: ${detail}.`,
  );
}

async function fetchPage(
  url: string,
  options: ListOptions,
): Promise<{ entries: z.infer<typeof TreePage>; next: string | undefined }> {
  const watched = await watchedFetch(
    options.fetchImpl ?? fetch,
    url,
    { headers: hubHeaders(options.hub, url, { accept: 'application/json' }) },
    options.policy.stallTimeoutMs,
    options.signal,
  );
  try {
    const { response } = watched;
    if (!response.ok) {
      throw statusError(response, { hub: options.hub, repo: options.repo, revision: options.revision });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (error instanceof SyntaxError) throw badListing(options, 'the answer is not JSON');
      throw error;
    }
    const parsed = TreePage.safeParse(body);
    if (!parsed.success) throw badListing(options, describeIssues(parsed.error));
    return { entries: parsed.data, next: nextPage(response.headers.get('link'), options.hub) };
  } catch (error) {
    if (error instanceof ModelError || error instanceof TransientError) throw error;
    throw classifyFetchError(error, { stalled: watched.stalled(), outer: options.signal, progressed: false });
  } finally {
    watched.close();
  }
}

/** The rel="next" URL of a Link header, only if it stays on the hub (the token must not leave it). */
export function nextPage(link: string | null, hub: HubOptions): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (!match) continue;
    const next = new URL(match[1]!, hub.endpoint);
    return next.origin === new URL(hub.endpoint).origin ? next.href : undefined;
  }
  return undefined;
}
