// What the settings page gets back: the view of the settings that every reply
// and every "settings changed" event carries — the saved settings, which
// model servers have a key stored (never the keys), where answers are sent,
// and which options this system supports — and a refusal's reply.
import { describeBackendPrivacy } from '../../common/backend-privacy.js';
import type { SettingsView, UpdateReply } from '../../common/settings-contract.js';
import type { ApiKeys } from './api-keys.js';
import type { SettingsFile } from './settings-file.js';

export interface SettingsReplies {
  /** The settings as saved now, for the page. */
  view(): Promise<SettingsView>;
  /** A refused change: the reason, and the settings as they still are. */
  refuse(reason: string): Promise<UpdateReply>;
}

export interface ReplySources {
  settings: SettingsFile;
  keys: ApiKeys;
  /** False where the platform cannot start apps at login (the page hides the option). */
  startAtLoginSupported: boolean;
  /** False where windows cannot be kept out of screen shares (Linux). */
  screenShareHidingSupported: boolean;
}

export function settingsReplies(sources: ReplySources): SettingsReplies {
  const view = async (): Promise<SettingsView> => {
    const settings = await sources.settings.all();
    const privacy = describeBackendPrivacy(settings.backend);
    const [ollama, openai] = await Promise.all([sources.keys.has('ollama'), sources.keys.has('openai')]);
    return {
      settings,
      apiKeyStored: { ollama, openai },
      privacy: {
        sendsOffMachine: privacy.sendsOffMachine,
        ...(privacy.host !== undefined ? { host: privacy.host } : {}),
        sentence: privacy.sentence,
      },
      startAtLoginSupported: sources.startAtLoginSupported,
      screenShareHidingSupported: sources.screenShareHidingSupported,
    };
  };
  return {
    view,
    refuse: async (reason) => ({ ok: false, reason, view: await view() }),
  };
}
