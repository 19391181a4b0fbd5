// The chat panel's settings, read from and written to the app's settings file
// (main/settings): "keep none" is historyDays 0 there, keeping all is no
// limit; the answer language is the app's answerLanguage.
import type { ChatSettings } from '../core/chat-contract.js';
import type { Settings } from '../core/settings.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { ChatSettingsPort } from './chat-service.js';

export function chatSettingsOf(settings: Settings): ChatSettings {
  return { keepHistory: settings.historyDays !== 0, answerLanguage: settings.answerLanguage };
}

/** A ChatSettingsPort over the settings file; loads it once and keeps it in memory. */
export function settingsFilePort(store: SettingsStore): ChatSettingsPort & { all(): Promise<Settings> } {
  let loaded: Promise<Settings> | undefined;
  const current = (): Promise<Settings> => (loaded ??= store.load().then((result) => result.settings));
  return {
    all: current,
    get: async () => chatSettingsOf(await current()),
    set: async (chat) => {
      const settings = await current();
      const historyDays = chat.keepHistory ? (settings.historyDays === 0 ? undefined : settings.historyDays) : 0;
      const { historyDays: _dropped, ...rest } = settings;
      const next: Settings = {
        ...rest,
        ...(historyDays !== undefined ? { historyDays } : {}),
        answerLanguage: chat.answerLanguage,
      };
      const saved = await store.save(next);
      loaded = Promise.resolve(saved);
      return chatSettingsOf(saved);
    },
  };
}

/** Settings held in memory only (tests, or a host without a settings file). */
export function memorySettingsPort(initial: ChatSettings): ChatSettingsPort {
  let settings = initial;
  return {
    get: () => Promise.resolve(settings),
    set: (next) => Promise.resolve((settings = next)),
  };
}
