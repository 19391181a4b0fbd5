// The app's settings: what they may hold, and their defaults. Validated on
// load (a hand-edited or corrupt file must not take the app down) and on
// every change coming from the settings page.
import * as z from 'zod/mini';
import './schema.js';
import { BackendSettings, defaultBackendSettings } from './backend-settings.js';
import { DeviceSetting } from './engine-protocol.js';

export const Theme = z.enum(['system', 'light', 'dark']);
export const AnswerLanguage = z.enum(['question', 'en', 'fr']);
/** The language of Sightline's own words: its windows, tray menu, dialogs and notifications. */
export const UiLanguageSetting = z.enum(['system', 'en', 'fr']);
export type UiLanguageSetting = z.infer<typeof UiLanguageSetting>;
export type AnswerLanguage = z.infer<typeof AnswerLanguage>;
/** Where a repeated capture of the last region opens: beside the earlier captures, or on its own. */
export const RepeatInto = z.enum(['same-conversation', 'new-conversation']);
export type RepeatInto = z.infer<typeof RepeatInto>;

export const Settings = z.object({
  /** Global capture shortcut (an Electron accelerator). */
  hotkey: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Shortcut that captures the last selected region again, without the overlay; absent or empty: off (the default). */
  repeatHotkey: z.optional(z.string().check(z.maxLength(64))),
  /** Where that repeated capture opens. */
  repeatInto: RepeatInto,
  /** Catalog id of the model to run; undefined until one is chosen or downloaded. */
  modelId: z.optional(z.string().check(z.minLength(1))),
  device: DeviceSetting,
  /** 'question': answer in the language the question is asked in. */
  answerLanguage: AnswerLanguage,
  /** 'system': the first of the system's (or the browser's) preferred languages Sightline speaks, else English. */
  uiLanguage: UiLanguageSetting,
  /** Days to keep conversations; 0 keeps none, undefined keeps all. */
  historyDays: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(3650))),
  theme: Theme,
  startAtLogin: z.boolean(),
  /** Minutes without a question before the engine gives its memory back; 0 never. */
  idleUnloadMinutes: z.number().check(z.int(), z.minimum(0), z.maximum(24 * 60)),
  /** Which engine answers: the local one unless the user points Sightline at a model server. */
  backend: BackendSettings,
  /** Sightline's windows stay out of screenshots and screen shares (macOS, Windows; Linux cannot). */
  hideFromScreenShare: z.boolean(),
  /** Questions give the model the capture's text, read by the text layer, beside the image. */
  captureTextToModel: z.boolean(),
  /** Before a capture goes to a model server, what looks secret in it is found, reviewed and filled opaque. */
  hideSecretsFromServers: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export function defaultSettings(hotkey: string): Settings {
  return {
    hotkey,
    // Someone watching a build log or a changing UI wants each new look beside
    // the last, in one thread they can ask "what changed?" in, not a new
    // conversation per press.
    repeatInto: 'same-conversation',
    device: 'auto',
    answerLanguage: 'question',
    uiLanguage: 'system',
    theme: 'system',
    startAtLogin: false,
    idleUnloadMinutes: 15,
    backend: defaultBackendSettings,
    hideFromScreenShare: true,
    captureTextToModel: true,
    hideSecretsFromServers: true,
  };
}

/** The repeat shortcut the settings hold: absent or empty, it is off. */
export function repeatShortcutOf(settings: Pick<Settings, 'repeatHotkey'>): string | undefined {
  return settings.repeatHotkey ? settings.repeatHotkey : undefined;
}
