// The one secret store that imports electron: Electron's safeStorage
// as the cipher of the encrypted secret store. On Linux without a keyring
// safeStorage falls back to a hard-coded password ("basic_text"), which is
// plain text in all but name: that counts as unavailable.
import { safeStorage } from 'electron';
import path from 'node:path';
import { EncryptedFileSecretStore, type SecretCipher } from '../../host/secrets/encrypted-file-secrets.js';
import type { SecretStore } from '../../host/secrets/secret-store.js';

export const safeStorageCipher: SecretCipher = {
  async unavailableReason() {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      return 'this computer offers no encryption for stored secrets (no keychain or keyring is available).';
    }
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'no keyring (GNOME Keyring, KWallet) is running, so the key could only be stored unencrypted. Start one and try again.';
    }
    return undefined;
  },
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  async decrypt(data) {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(data));
    return { plain: result, reEncrypt: shouldReEncrypt };
  },
};

/** Keys under <userData>/secrets, encrypted by the system's keychain. */
export function createSafeStorageSecrets(userDataDir: string): SecretStore {
  return new EncryptedFileSecretStore(path.join(userDataDir, 'secrets'), safeStorageCipher);
}
