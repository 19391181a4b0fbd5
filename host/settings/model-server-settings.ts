// The settings page's model servers (Ollama, OpenAI-compatible): checking a
// server before it is chosen, listing its models, and storing its API key.
// Also the ports through which the settings reach the answers: the backend
// that answers from the next question on, and throwaway backends for checks.
import type { BackendSettings, RemoteBackendSettings } from '../../common/backend-settings.js';
import { defaultTimeoutMs } from '../../common/backend-settings.js';
import { messageOf } from '../../common/message-of.js';
import { describeIssues } from '../../common/schema.js';
import {
  RemoteBackendDraft,
  SetApiKey,
  type ConnectionReport,
  type RemoteKind,
  type RemoteModelsReply,
  type SettingsView,
} from '../../common/settings-contract.js';
import type { AnswerBackend } from '../answers/answer-backend.js';
import type { BackendSwitch } from '../answers/backend-switch.js';
import { createBackend, createRemoteBackend, type BackendDependencies } from '../model-servers/create-backend.js';
import type { ApiKeys } from './api-keys.js';
import { SettingsError } from './settings-error.js';
import type { SettingsFile } from './settings-file.js';
import type { SettingsReplies } from './settings-replies.js';

/** How answers get their backend: the switch the chat asks through, and a factory for checks. */
export interface BackendPorts {
  /** Answers come from this backend from the next question on. */
  use(settings: BackendSettings): void;
  /** A model server's backend, for a connection check or its model list (disposed after). */
  remote(settings: RemoteBackendSettings): AnswerBackend;
}

/** BackendPorts over a BackendSwitch and createBackend (host/model-servers). */
export function backendPorts(backends: BackendSwitch, deps: BackendDependencies): BackendPorts {
  return {
    use: (settings) => backends.use(createBackend(settings, deps)),
    remote: (settings) => createRemoteBackend(settings, deps),
  };
}

export interface ModelServerSettingsOptions {
  settings: SettingsFile;
  keys: ApiKeys;
  backends: BackendPorts;
  replies: SettingsReplies;
  /** Tells every page the view changed when the settings file did not (a key stored for another server). */
  announce(): Promise<void>;
}

export class ModelServerSettings {
  constructor(private readonly options: ModelServerSettingsOptions) {}

  /** Connects to a server as the draft describes it, with the stored key, and says what it found. */
  async check(raw: unknown): Promise<ConnectionReport> {
    const parsed = RemoteBackendDraft.safeParse(raw);
    if (!parsed.success) throw new SettingsError(`Check not run: ${describeIssues(parsed.error)}`);
    const backend = this.options.backends.remote(await this.options.keys.withKeyRef(parsed.data));
    try {
      const report = await backend.checkConnection();
      return {
        ok: report.ok,
        summary: report.summary,
        reachable: report.reachable,
        ...(report.modelPresent !== undefined ? { modelPresent: report.modelPresent } : {}),
        ...(report.acceptsImages !== undefined ? { acceptsImages: report.acceptsImages } : {}),
        ...(report.models !== undefined ? { models: report.models } : {}),
        ...(report.problem !== undefined ? { problem: report.problem } : {}),
        notes: report.notes,
      };
    } finally {
      await backend.dispose?.();
    }
  }

  /** The models a server offers; a server that cannot say gets a reason instead. */
  async listModels(request: { kind: RemoteKind; baseUrl: string }): Promise<RemoteModelsReply> {
    const draft = { kind: request.kind, baseUrl: request.baseUrl, model: '-', timeoutMs: defaultTimeoutMs };
    const backend = this.options.backends.remote(await this.options.keys.withKeyRef(draft));
    try {
      if (!backend.listModels) return { ok: false, reason: 'This server does not list its models.' };
      return { ok: true, models: await backend.listModels() };
    } catch (error) {
      return { ok: false, reason: messageOf(error) };
    } finally {
      await backend.dispose?.();
    }
  }

  /** Stores (or with null, deletes) a server's API key; the page only ever learns that one is stored. */
  async setApiKey(raw: unknown): Promise<SettingsView> {
    const parsed = SetApiKey.safeParse(raw);
    // Never describe the payload: it holds the key.
    if (!parsed.success) throw new SettingsError('The API key was not saved: it must be 1 to 4096 characters.');
    const { kind, apiKey } = parsed.data;
    await this.options.keys.set(kind, apiKey);
    const { settings, keys, backends } = this.options;
    const current = await settings.all();
    if (current.backend.kind === kind) {
      // The backend sends the key only when its settings name it.
      const saved = await settings.save({ ...current, backend: await keys.withKeyRef(current.backend) });
      backends.use(saved.backend);
    } else {
      await this.options.announce();
    }
    return this.options.replies.view();
  }
}
