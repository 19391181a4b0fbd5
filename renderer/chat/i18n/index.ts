// UI strings through i18next: English and French, chosen from the browser's
// (in Electron, the app's) preferred languages. The model's answer language
// is a separate matter: the question carries an instruction (chat-contract).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { fr } from './fr.js';

export const uiLanguages = ['en', 'fr'] as const;
export type UiLanguage = (typeof uiLanguages)[number];

export function pickLanguage(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const match = uiLanguages.find((language) => language === base);
    if (match) return match;
  }
  return 'en';
}

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
