// Main's own words — the tray menu, dialogs, notifications, the overlay
// window's title — in English and French. `fr` has the type of `en`, so a
// string missing in French fails the type check. The pages have their own
// words (renderer/chat/i18n, renderer/overlay/words.ts).
import type { UiLanguage } from '../../common/ui-language.js';

const en = {
  tray: {
    capture: 'Capture a Region',
    repeat: 'Capture the Same Region Again',
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
  repeatShortcutUnavailable: {
    title: 'The shortcut to capture the same region again is not available',
    body: (_accelerator: string, reason: string) => reason,
    /** The settings file gives both jobs the same keys (edited by hand). */
    sameAsCapture: (accelerator: string) =>
      `${accelerator} is already the capture shortcut. Choose another in Settings → Shortcut; meanwhile, “Capture the Same Region Again” in the tray menu works.`,
  },
  /** A repeat that cannot take the last region again: why, and a normal capture offered. */
  repeat: {
    noRegion: {
      message: 'There is no region to capture again yet',
      detail: (captureShortcut: string | undefined) =>
        captureShortcut
          ? `Capture a region first with ${captureShortcut}. This shortcut then captures that same region again, without selecting it.`
          : 'Capture a region first. This shortcut then captures that same region again, without selecting it.',
    },
    displayGone: {
      message: 'The display of the last region is no longer connected',
      detail: 'Capture a region on a display that is connected now.',
    },
    regionChanged: {
      message: 'The last region no longer fits its display',
      detail: 'The display’s resolution changed since you selected the region. Select it again.',
    },
    captureNow: 'Capture a Region',
    notNow: 'Not now',
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
    repeat: 'Capturer à nouveau la même zone',
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
  repeatShortcutUnavailable: {
    title: 'Le raccourci pour capturer à nouveau la même zone n’est pas disponible',
    body: (accelerator) =>
      `${accelerator} n’est pas valable ou est déjà utilisé par le système ou une autre app. Choisissez-en un autre dans les Réglages\u00a0; en attendant, «\u00a0Capturer à nouveau la même zone\u00a0» du menu de la barre d’état fonctionne.`,
    sameAsCapture: (accelerator) =>
      `${accelerator} est déjà le raccourci de capture. Choisissez-en un autre dans Réglages → Raccourci\u00a0; en attendant, «\u00a0Capturer à nouveau la même zone\u00a0» du menu de la barre d’état fonctionne.`,
  },
  repeat: {
    noRegion: {
      message: 'Aucune zone à capturer à nouveau pour l’instant',
      detail: (captureShortcut) =>
        captureShortcut
          ? `Capturez d’abord une zone avec ${captureShortcut}. Ce raccourci capturera ensuite à nouveau cette même zone, sans la resélectionner.`
          : 'Capturez d’abord une zone. Ce raccourci capturera ensuite à nouveau cette même zone, sans la resélectionner.',
    },
    displayGone: {
      message: 'L’écran de la dernière zone n’est plus branché',
      detail: 'Capturez une zone sur un écran branché maintenant.',
    },
    regionChanged: {
      message: 'La dernière zone ne tient plus sur son écran',
      detail: 'La résolution de l’écran a changé depuis que vous avez sélectionné la zone. Sélectionnez-la à nouveau.',
    },
    captureNow: 'Capturer une zone',
    notNow: 'Plus tard',
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
