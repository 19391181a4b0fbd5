// The chat panel's settings, read from and written to the app's settings file
// (host/settings): "keep none" is historyDays 0 there, keeping all is no
// limit; the answer language is the app's answerLanguage.
import { chatSettingsOf, type ChatSettings } from '../../common/chat-contract.js';
import type { Settings } from '../../common/settings.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { ChatSettingsPort } from './chat-service.js';

/**
 * The settings file as the running app holds it: loaded once, kept in
 * memory, every change saved atomically. The chat (a ChatSettingsPort) and
 * the settings page (host/settings/settings-service.ts) share one, so neither
 * reads a copy the other has changed, and both hear every change.
 */
export interface SettingsFile extends ChatSettingsPort {
  all(): Promise<Settings>;
  /** Validates and saves the whole settings (rejects with the reasons, leaving the file as it was). */
  save(settings: Settings): Promise<Settings>;
  onChange(listener: (settings: Settings) => void): () => void;
}

export function settingsFilePort(store: SettingsStore): SettingsFile {
  let loaded: Promise<Settings> | undefined;
  // Saves one at a time, each on top of the last: two quick changes cannot undo each other.
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<(settings: Settings) => void>();
  const current = (): Promise<Settings> => (loaded ??= store.load().then((result) => result.settings));
  const save = (next: Settings | ((settings: Settings) => Settings)): Promise<Settings> => {
    const run = queue.then(async () => {
      const value = typeof next === 'function' ? next(await current()) : next;
      const saved = await store.save(value);
      loaded = Promise.resolve(saved);
      for (const listener of listeners) listener(saved);
      return saved;
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    all: current,
    get: async () => chatSettingsOf(await current()),
    set: async (chat) => chatSettingsOf(await save((settings) => withChatSettings(settings, chat))),
    save: (settings) => save(settings),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** `settings` with the chat panel's two settings applied; a limit in days survives keeping history on. */
export function withChatSettings(settings: Settings, chat: ChatSettings): Settings {
  const historyDays = chat.keepHistory ? (settings.historyDays === 0 ? undefined : settings.historyDays) : 0;
  const { historyDays: _dropped, ...rest } = settings;
  return {
    ...rest,
    ...(historyDays !== undefined ? { historyDays } : {}),
    answerLanguage: chat.answerLanguage,
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
