// Where API keys live: never in settings.json (plain text, easy to share by
// mistake) but in a store the settings only name (apiKeyRef). The app's
// store encrypts with the system's keychain (safe-storage-secrets.ts); the
// CLI and the tests keep keys in memory.
import { SecretRef } from '../../common/backend-settings.js';

export interface SecretStore {
  get(ref: string): Promise<string | undefined>;
  /** Rejects, with a message for the user, when the key cannot be stored safely. */
  set(ref: string, value: string): Promise<void>;
  delete(ref: string): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  async get(ref: string): Promise<string | undefined> {
    return this.values.get(checkedRef(ref));
  }

  async set(ref: string, value: string): Promise<void> {
    this.values.set(checkedRef(ref), value);
  }

  async delete(ref: string): Promise<void> {
    this.values.delete(checkedRef(ref));
  }
}

/** Refs become file names: only the plain ones SecretRef allows. */
export function checkedRef(ref: string): string {
  if (!SecretRef.safeParse(ref).success) throw new Error(`"${ref}" is not a valid secret name.`);
  return ref;
}

/** The key a backend's settings name, read for each request. */
export function apiKeyReader(
  store: SecretStore,
  ref: string | undefined,
): (() => Promise<string | undefined>) | undefined {
  return ref === undefined ? undefined : () => store.get(ref);
}
