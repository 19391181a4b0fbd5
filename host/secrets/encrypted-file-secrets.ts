// Secrets encrypted by the system (Keychain, DPAPI, libsecret/kwallet) and
// kept one file per name in a folder of the user-data directory, readable
// by the user only. The cipher is passed in: Electron's safeStorage in the
// app (safe-storage-secrets.ts), a fake in the tests, so this file stays
// Node-only. Nothing is written when the system cannot encrypt: a key
// stored in the clear is worse than asking for it again.
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { checkedRef, type SecretStore } from './secret-store.js';

export interface SecretCipher {
  /** Why secrets cannot be encrypted here; undefined when they can. */
  unavailableReason(): Promise<string | undefined>;
  encrypt(plain: string): Promise<Uint8Array>;
  /** reEncrypt: the system rotated its key; store the value again. */
  decrypt(data: Uint8Array): Promise<{ plain: string; reEncrypt: boolean }>;
}

export class SecretStorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretStorageError';
  }
}

export class EncryptedFileSecretStore implements SecretStore {
  constructor(
    private readonly folder: string,
    private readonly cipher: SecretCipher,
  ) {}

  async get(ref: string): Promise<string | undefined> {
    let data: Uint8Array;
    try {
      data = await readFile(this.file(ref));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let decrypted: { plain: string; reEncrypt: boolean };
    try {
      decrypted = await this.cipher.decrypt(data);
    } catch (error) {
      // Another user account, a reset keychain: the stored key is lost, not exposed.
      throw new SecretStorageError(
        'The stored API key cannot be decrypted on this computer (its keychain may have changed).',
        { cause: error },
      );
    }
    if (decrypted.reEncrypt) await this.set(ref, decrypted.plain);
    return decrypted.plain;
  }

  async set(ref: string, value: string): Promise<void> {
    const file = this.file(ref);
    const reason = await this.cipher.unavailableReason();
    if (reason) throw new SecretStorageError(`The API key was not saved: ${reason}`);
    const encrypted = await this.cipher.encrypt(value);
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, encrypted);
  }

  async delete(ref: string): Promise<void> {
    await rm(this.file(ref), { force: true });
  }

  private file(ref: string): string {
    return path.join(this.folder, `${checkedRef(ref)}.secret`);
  }
}
