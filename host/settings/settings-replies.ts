// What the settings page gets back: the view of the settings that every reply
// and every "settings changed" event carries — the saved settings, which
// model servers have a key stored (never the keys), where answers are sent,
// which options this system supports, and where models are installed — and a
// refusal's reply: coded per field for the page, and in English.
import { describeBackendPrivacy } from '../../common/backend-privacy.js';
import type { SettingsView, UpdateReply } from '../../common/settings-contract.js';
import { describeRefusal, type SettingsRefusal } from '../../common/settings-refusal.js';
import type { ApiKeys } from './api-keys.js';
import type { SettingsFile } from './settings-file.js';

export interface SettingsReplies {
  /** The settings as saved now, for the page. */
  view(): Promise<SettingsView>;
  /**
   * A refused change: why (the first refusal, in English, unless `reason`
   * words it), and the settings as they still are.
   */
  refuse(refusals: SettingsRefusal | SettingsRefusal[], reason?: string): Promise<UpdateReply>;
}

export interface ReplySources {
  settings: SettingsFile;
  keys: ApiKeys;
  /** False where the platform cannot start apps at login (the page hides the option). */
  startAtLoginSupported: boolean;
  /** False where windows cannot be kept out of screen shares (Linux). */
  screenShareHidingSupported: boolean;
  /** The models folder, shown in the About section. */
  modelsFolder?: string;
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
      ...(sources.modelsFolder !== undefined ? { modelsFolder: sources.modelsFolder } : {}),
    };
  };
  return {
    view,
    refuse: async (refusal, reason) => {
      const refusals = Array.isArray(refusal) ? refusal : [refusal];
      const [first] = refusals;
      if (!first) throw new Error('A refusal needs at least one reason.');
      return { ok: false, reason: reason ?? describeRefusal(first), refusals, view: await view() };
    },
  };
}
