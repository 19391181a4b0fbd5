// The languages Sightline speaks in its own words (windows, tray menu,
// dialogs, notifications, the catalog's model descriptions), and which one the
// uiLanguage setting means: 'system' takes the first of the preferred
// languages that Sightline speaks (the system's in main, the browser's in a
// page), else English. Main and the pages resolve it the same way, here.
import * as z from 'zod/mini';
import './schema.js';
import type { UiLanguageSetting } from './settings.js';

export const UiLanguage = z.enum(['en', 'fr']);
export type UiLanguage = z.infer<typeof UiLanguage>;
export const uiLanguages: readonly UiLanguage[] = UiLanguage.options;

/** The first of `preferred` (BCP 47 tags such as "fr-CA", or "fr_FR" from a Linux locale) Sightline speaks, else English. */
export function pickLanguage(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    const match = uiLanguages.find((language) => language === base);
    if (match) return match;
  }
  return 'en';
}

/** The language the setting means, given the system's (or the browser's) preferred languages. */
export function resolveUiLanguage(setting: UiLanguageSetting, preferred: readonly string[]): UiLanguage {
  return setting === 'system' ? pickLanguage(preferred) : setting;
}

/** One text in every language Sightline speaks: a missing language fails validation. */
export function inEachLanguage(text: z.ZodMiniString) {
  return z.record(UiLanguage, text);
}
export type InEachLanguage = Record<UiLanguage, string>;
