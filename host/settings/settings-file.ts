// The settings file as the running app holds it: loaded once, kept in
// memory, every change saved atomically through the settings store. The chat
// and the settings page share one, so neither reads a copy the other has
// changed, and both hear every change. Every change is written through the
// settings page's path (settings:update); the chat reads its two settings
// through get() (host/chat's ChatSettingsPort).
import { chatSettingsOf, type ChatSettings } from '../../common/chat-contract.js';
import type { Settings } from '../../common/settings.js';
import type { SettingsStore } from './settings-store.js';

export interface SettingsFile {
  all(): Promise<Settings>;
  /** Validates and saves the whole settings (rejects with the reasons, leaving the file as it was). */
  save(settings: Settings): Promise<Settings>;
  onChange(listener: (settings: Settings) => void): () => void;
  /** The chat panel's two settings: whether history is kept, and the answers' language. */
  get(): Promise<ChatSettings>;
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
    save: (settings) => save(settings),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
