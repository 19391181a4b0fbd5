// The language main speaks now: the uiLanguage setting, 'system' resolved
// against the system's preferred languages (Electron's
// app.getPreferredSystemLanguages). The settings' effect sets it (at start
// and on each change); the tray menu rebuilds when it changes; dialogs,
// notifications and overlays take it when they appear.
import { app } from 'electron';
import type { UiLanguageSetting } from '../../common/settings.js';
import { resolveUiLanguage, type UiLanguage } from '../../common/ui-language.js';
import { wordsIn, type MainWords } from './words.js';

let setting: UiLanguageSetting = 'system';
const listeners = new Set<() => void>();

export function uiLanguage(): UiLanguage {
  return resolveUiLanguage(setting, app.getPreferredSystemLanguages());
}

/** Main's words in the language it speaks now. */
export function words(): MainWords {
  return wordsIn(uiLanguage());
}

export function setUiLanguage(next: UiLanguageSetting): void {
  const before = uiLanguage();
  setting = next;
  if (uiLanguage() !== before) for (const listener of listeners) listener();
}

/** Called when the language main speaks changes (not when 'system' is chosen for the language it already speaks). */
export function onUiLanguageChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
