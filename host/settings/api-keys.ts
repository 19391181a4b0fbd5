// The model servers' API keys: kept in the secret store (the OS keychain in
// the app), never in the settings file or in a message to the page. Backend
// settings name a key (apiKeyRef) only while one is stored for their kind of
// server, and a backend sends a key only when its settings name it.
import type { BackendSettings } from '../../common/backend-settings.js';
import { apiKeyRefFor, type RemoteKind } from '../../common/settings-contract.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { SettingsError } from './settings-error.js';

export class ApiKeys {
  constructor(private readonly secrets: SecretStore) {}

  /** Whether a key is stored for this kind of server (a store that cannot be read has none). */
  async has(kind: RemoteKind): Promise<boolean> {
    return this.secrets
      .get(apiKeyRefFor(kind))
      .then((value) => value !== undefined)
      .catch(() => false);
  }

  /** The backend settings naming the key stored for their kind of server, or none. */
  async withKeyRef<B extends BackendSettings>(backend: B): Promise<B> {
    if (backend.kind === 'local') return backend;
    const { apiKeyRef: _ignored, ...rest } = backend;
    return (await this.has(backend.kind)) ? ({ ...rest, apiKeyRef: apiKeyRefFor(backend.kind) } as B) : (rest as B);
  }

  /** Stores the key for this kind of server, or with null deletes it. */
  async set(kind: RemoteKind, apiKey: string | null): Promise<void> {
    const ref = apiKeyRefFor(kind);
    try {
      if (apiKey === null) await this.secrets.delete(ref);
      else await this.secrets.set(ref, apiKey);
    } catch (error) {
      throw new SettingsError(error instanceof Error ? error.message : 'The API key was not saved.');
    }
  }
}
