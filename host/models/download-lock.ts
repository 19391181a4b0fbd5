// One download per model folder across processes: the app and the CLI (or two
// CLIs) must not append to the same .part files. The lock file holds the pid
// of its owner; a lock whose owner is gone (killed, crashed) is taken over,
// which is what lets a download resume after the app was killed.
import { open, readFile, rm } from 'node:fs/promises';
import { errnoCode } from '../../common/errno-code.js';
import { ioError, ModelError } from './model-error.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM'; // exists, owned by someone else
  }
}

async function tryCreate(lockFile: string): Promise<boolean> {
  try {
    const handle = await open(lockFile, 'wx');
    try {
      await handle.writeFile(String(process.pid));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw ioError(`creating ${lockFile}`, error);
  }
}

/** Takes the lock or throws 'busy'; resolves to the function that releases it. */
export async function acquireDownloadLock(lockFile: string, what: string): Promise<() => Promise<void>> {
  for (let tries = 0; tries < 2; tries++) {
    if (await tryCreate(lockFile)) {
      return async () => {
        const owner = await readFile(lockFile, 'utf8').catch(() => '');
        if (owner === String(process.pid)) await rm(lockFile, { force: true });
      };
    }
    const owner = Number(await readFile(lockFile, 'utf8').catch(() => 'NaN'));
    // A pid of this very process is a leftover: within a process, pulls of one model share one download.
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new ModelError(
        'busy',
        `Another Sightline process (pid ${owner}) is downloading ${what} into this folder. ` +
          'Wait for it to finish, or stop it and try again.',
      );
    }
    await rm(lockFile, { force: true });
  }
  throw new ModelError('busy', `Another process keeps taking the download lock of ${what}. Try again in a moment.`);
}
