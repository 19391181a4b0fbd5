// Checks a file's bytes against what the hub published for it. Files stored
// with Git LFS (every ONNX graph) come with the SHA-256 of their content;
// small files kept in git itself only have their git blob id, which is the
// SHA-1 of "blob <size>\0" followed by the content: computing that checks
// them just as strictly, with nothing trusted from the download itself.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface ExpectedContent {
  size: number;
  /** Lower-case hex SHA-256 of the content (LFS files). */
  sha256?: string;
  /** Lower-case hex git blob id (files stored in git itself). */
  gitBlobSha1?: string;
}

export interface HashCheck {
  ok: boolean;
  algorithm: 'sha256' | 'git-blob-sha1';
  expected: string;
  actual: string;
}

/** An incremental hasher for one file's expected content. */
export class ContentHasher {
  private readonly hash: Hash;
  readonly algorithm: HashCheck['algorithm'];
  private readonly expected: string;

  constructor(expected: ExpectedContent) {
    if (expected.sha256) {
      this.algorithm = 'sha256';
      this.expected = expected.sha256.toLowerCase();
      this.hash = createHash('sha256');
    } else if (expected.gitBlobSha1) {
      this.algorithm = 'git-blob-sha1';
      this.expected = expected.gitBlobSha1.toLowerCase();
      this.hash = createHash('sha1');
      this.hash.update(`blob ${expected.size}\0`);
    } else {
      throw new Error('ContentHasher needs a sha256 or a git blob id to check against.');
    }
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  check(): HashCheck {
    const actual = this.hash.digest('hex');
    return { ok: actual === this.expected, algorithm: this.algorithm, expected: this.expected, actual };
  }
}

/** Feeds the first `length` bytes of a file (all of it when omitted) into a hasher. */
export async function hashFilePrefix(
  file: string,
  hasher: ContentHasher,
  length?: number,
  signal?: AbortSignal,
): Promise<void> {
  if (length === 0) return;
  const stream = createReadStream(file, {
    ...(length === undefined ? {} : { end: length - 1 }),
    highWaterMark: 1 << 20,
    ...(signal ? { signal } : {}),
  });
  for await (const chunk of stream) hasher.update(chunk as Buffer);
}

/** Hashes a whole file and compares it with what was published. */
export async function checkFile(file: string, expected: ExpectedContent, signal?: AbortSignal): Promise<HashCheck> {
  const hasher = new ContentHasher(expected);
  await hashFilePrefix(file, hasher, undefined, signal);
  return hasher.check();
}
