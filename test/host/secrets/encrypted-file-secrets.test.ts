import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EncryptedFileSecretStore, type SecretCipher } from '../../../host/secrets/encrypted-file-secrets.js';
import { MemorySecretStore } from '../../../host/secrets/secret-store.js';

// The app's API-key store: each key encrypted by the system (a stand-in
// cipher here), in a file only the user can read, under a plain name.
const key = 'sk-live-0123456789abcdef';

/** Stands in for safeStorage: XOR with a byte is enough to prove the file never holds the plain key. */
function fakeCipher(options: { unavailable?: string; reEncrypt?: boolean } = {}): SecretCipher & { encrypted: number } {
  const cipher = {
    encrypted: 0,
    unavailableReason: async () => options.unavailable,
    async encrypt(plain: string) {
      cipher.encrypted++;
      return Uint8Array.from(Buffer.from(`v1:${plain}`).map((byte) => byte ^ 0x5a));
    },
    async decrypt(data: Uint8Array) {
      const text = Buffer.from(data.map((byte) => byte ^ 0x5a)).toString();
      if (!text.startsWith('v1:')) throw new Error('bad ciphertext');
      return { plain: text.slice(3), reEncrypt: options.reEncrypt ?? false };
    },
  };
  return cipher;
}

const folder = () => mkdtemp(path.join(os.tmpdir(), 'sightline-secrets-'));

test('a key is stored encrypted, readable by the user only, and read back', async () => {
  const dir = await folder();
  const store = new EncryptedFileSecretStore(path.join(dir, 'secrets'), fakeCipher());
  await store.set('work-server', key);
  assert.equal(await store.get('work-server'), key);
  const file = path.join(dir, 'secrets', 'work-server.secret');
  assert.ok(!(await readFile(file)).toString('latin1').includes(key), 'the file does not hold the key in the clear');
  if (process.platform !== 'win32') {
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.join(dir, 'secrets'))).mode & 0o777, 0o700);
  }
  await store.delete('work-server');
  assert.equal(await store.get('work-server'), undefined);
  await store.delete('work-server'); // deleting twice is fine
});

test('without system encryption nothing is stored, and the message says why', async () => {
  const dir = await folder();
  const store = new EncryptedFileSecretStore(
    dir,
    fakeCipher({ unavailable: 'no keyring (GNOME Keyring, KWallet) is running.' }),
  );
  await assert.rejects(
    store.set('work-server', key),
    /The API key was not saved: no keyring \(GNOME Keyring, KWallet\) is running\./,
  );
  assert.deepEqual(await readdir(dir), []);
});

test('a key that cannot be decrypted any more is reported, without its bytes', async () => {
  const dir = await folder();
  await writeFile(path.join(dir, 'work-server.secret'), 'garbage');
  const store = new EncryptedFileSecretStore(dir, fakeCipher());
  await assert.rejects(store.get('work-server'), /cannot be decrypted on this computer/);
});

test('a key the system asks to re-encrypt is stored again', async () => {
  const dir = await folder();
  const cipher = fakeCipher({ reEncrypt: true });
  const store = new EncryptedFileSecretStore(dir, cipher);
  await store.set('a', key);
  assert.equal(await store.get('a'), key);
  assert.equal(cipher.encrypted, 2);
});

test('secret names are plain: no paths', async () => {
  const dir = await folder();
  for (const store of [new EncryptedFileSecretStore(dir, fakeCipher()), new MemorySecretStore()]) {
    await assert.rejects(store.set('../outside', key), /not a valid secret name/);
    await assert.rejects(store.get('a/b'), /not a valid secret name/);
  }
});
