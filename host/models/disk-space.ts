// The free-space check that runs before the first byte of a download, so a
// full disk is reported up front with the numbers, not as a write error
// halfway through a gigabyte.
import { statfs } from 'node:fs/promises';
import { formatBytes } from './format.js';
import { ModelError } from './model-error.js';

/** Bytes available to this user on the file system holding `dir`. */
export type FreeSpace = (dir: string) => Promise<number>;

export const statfsFreeSpace: FreeSpace = async (dir) => {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
};

/** Room kept free beyond the download itself: the OS and the app need some disk too. */
export const spareBytes = 100_000_000;

export async function checkFreeSpace(options: {
  dir: string;
  needed: number;
  what: string;
  freeSpace?: FreeSpace;
}): Promise<void> {
  let free: number;
  try {
    free = await (options.freeSpace ?? statfsFreeSpace)(options.dir);
  } catch {
    return; // A file system that cannot report free space: let the writes find out.
  }
  if (free < options.needed + spareBytes) {
    throw new ModelError(
      'disk-full',
      `Not enough disk space for ${options.what}: it needs ${formatBytes(options.needed)} more ` +
        `(plus ${formatBytes(spareBytes)} to spare) and ${options.dir} has ${formatBytes(free)} free. ` +
        'Free up space or choose another models folder.',
    );
  }
}
