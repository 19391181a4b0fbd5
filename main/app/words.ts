// Main's own words — the tray menu, dialogs, notifications, the overlay
// window's title — in English and French. `fr` has the type of `en`, so a
// string missing in French fails the type check. The pages have their own
// words (renderer/chat/i18n, renderer/overlay/words.ts).
import type { UiLanguage } from '../../common/ui-language.js';

const en = {
  tray: {
    capture: 'Capture a Region',
    openChat: 'Open Chat',
    history: 'History…',
    settings: 'Settings…',
    quit: 'Quit Sightline',
  },
  overlayTitle: 'Sightline — select a region',
  settingsRecovered: {
    message: 'Your settings could not be read, so Sightline started with its defaults',
    detail: (keptAs: string, reason: string) => `The old file was kept as ${keptAs} (${reason}).`,
  },
  captureFailed: 'Sightline could not capture the screen',
  openCaptureFailed: 'Sightline could not open the capture',
  nothingCaptured: {
    title: 'Nothing captured',
    /** `reason`: why, in English (the capture flow's words). */
    body: (reason: string) => reason,
  },
  engineStopped: {
    title: 'Sightline’s engine stopped',
    /** `reason`: the engine host's, in English; the chat's status line says the same. */
    body: (reason: string) => reason,
  },
  shortcutUnavailable: {
    title: 'The capture shortcut is not available',
    body: (_accelerator: string, reason: string) => reason,
  },
  modelDownloaded: {
    title: 'Model downloaded',
    body: (model: string) => `${model} is ready to use.`,
  },
  screenAccess: {
    message: 'Sightline needs permission to record the screen',
    detail:
      'To capture what is on your screen, allow Sightline in System Settings → Privacy & Security → Screen Recording, then quit and reopen Sightline.',
    open: 'Open System Settings',
    notNow: 'Not now',
  },
};

export type MainWords = typeof en;

const fr: MainWords = {
  tray: {
    capture: 'Capturer une zone',
    openChat: 'Ouvrir la discussion',
    history: 'Historique…',
    settings: 'Réglages…',
    quit: 'Quitter Sightline',
  },
  overlayTitle: 'Sightline — sélectionner une zone',
  settingsRecovered: {
    message: 'Vos réglages n’ont pas pu être lus\u00a0: Sightline a démarré avec ses réglages par défaut',
    detail: (keptAs, reason) => `L’ancien fichier a été conservé sous ${keptAs} (${reason}).`,
  },
  captureFailed: 'Sightline n’a pas pu capturer l’écran',
  openCaptureFailed: 'Sightline n’a pas pu ouvrir la capture',
  nothingCaptured: {
    title: 'Rien n’a été capturé',
    body: () =>
      'La zone sélectionnée n’a pas pu être découpée (un écran a-t-il été débranché\u00a0?). Recommencez la capture.',
  },
  engineStopped: {
    title: 'Le moteur de Sightline s’est arrêté',
    body: () =>
      'Il s’est arrêté plusieurs fois de suite\u00a0; Sightline ne le relance plus. Ouvrez Sightline pour réessayer.',
  },
  shortcutUnavailable: {
    title: 'Le raccourci de capture n’est pas disponible',
    body: (accelerator) =>
      `${accelerator} n’est pas valable ou est déjà utilisé par le système ou une autre app. Choisissez-en un autre dans les Réglages\u00a0; en attendant, «\u00a0Capturer une zone\u00a0» du menu de la barre d’état fonctionne.`,
  },
  modelDownloaded: {
    title: 'Modèle téléchargé',
    body: (model) => `${model} est prêt à l’emploi.`,
  },
  screenAccess: {
    message: 'Sightline a besoin de l’autorisation d’enregistrer l’écran',
    detail:
      'Pour capturer ce qui est à l’écran, autorisez Sightline dans Réglages Système → Confidentialité et sécurité → Enregistrement de l’écran, puis quittez et rouvrez Sightline.',
    open: 'Ouvrir les Réglages Système',
    notNow: 'Plus tard',
  },
};

const words: Record<UiLanguage, MainWords> = { en, fr };

export function wordsIn(language: UiLanguage): MainWords {
  return words[language];
}
