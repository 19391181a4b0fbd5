// UI strings through i18next: English and French. The page speaks the
// uiLanguage setting's language, switched live when the setting changes
// (App.tsx applies it from the settings, as it does the theme); 'system', and
// the page before the settings arrive, take the browser's (in Electron, the
// app's) preferred languages. The model's answer language is a separate
// matter: the question carries an instruction (chat-contract).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { UiLanguageSetting } from '../../../common/settings.js';
import { pickLanguage, resolveUiLanguage, uiLanguages, type UiLanguage } from '../../../common/ui-language.js';
import { en } from './en.js';
import { fr } from './fr.js';

export { pickLanguage, uiLanguages, type UiLanguage };

export function initI18n(language: UiLanguage = pickLanguage(navigator.languages)): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr } },
    lng: language,
    fallbackLng: 'en',
    // React escapes every string it renders.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

let followed: UiLanguageSetting = 'system';
let followingBrowser = false;

/**
 * Speaks the setting's language from now on, without a reload: every
 * translated string re-renders, and <html lang> follows for screen readers.
 * With 'system', a change of the browser's languages is followed too.
 */
export function applyUiLanguage(setting: UiLanguageSetting): void {
  followed = setting;
  const language = resolveUiLanguage(setting, navigator.languages);
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
  if (!followingBrowser) {
    followingBrowser = true;
    window.addEventListener('languagechange', () => applyUiLanguage(followed));
  }
}
