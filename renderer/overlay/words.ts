// The overlay's words in English and French: its hint, its instructions and
// what it announces to a screen reader, the readout, and why a selection is
// refused. The language comes from main with the frame (the app's uiLanguage
// setting); `fr` has the type of `en`, so a string missing in French fails
// the type check.
import type { OverlayRefusal } from '../../common/overlay-contract.js';
import type { UiLanguage } from '../../common/ui-language.js';

const enInstructions =
  'Drag to select a region, or move the crosshair with the arrow keys and press Space to start and end a selection. ' +
  'Arrow keys move the selection by one pixel, Shift by ten, Alt with arrows resizes it. ' +
  'A selects the whole display. Enter confirms, Escape cancels.';

const en = {
  pageTitle: 'Sightline — select a region',
  label: 'Select a region of the screen',
  hint: 'Drag to select · arrows nudge · A: whole display · Enter confirms · Esc cancels',
  instructions: enInstructions,
  size: (width: number, height: number) => `${width} × ${height} px`,
  at: (x: number, y: number) => ` at ${x}, ${y}`,
  offDisplay: 'A selection stays on one display.',
  empty: 'The selection is empty: drag to select a region.',
  tooSmall: (width: number, height: number) =>
    `The selection is only ${width}x${height} pixels: select a larger region.`,
  /** Why main refused a confirmed selection. */
  refused: {
    'capture-over': 'This capture is over. Capture again.',
    'other-display': 'A selection must stay on one display.',
    'bad-selection': 'Sightline cannot capture this selection: select another region.',
  } satisfies Record<OverlayRefusal, string>,
  loading: 'Loading the screen image…',
  notConnected: 'Not connected to the Sightline app.',
  frameFailed: (message: string) => `Sightline did not send the screen image: ${message}`,
  imageUnreadable: 'The screen image could not be loaded.',
  imageWrongSize: (image: string, capture: string) => `The screen image is ${image} pixels, not ${capture}.`,
  confirmFailed: (message: string) => `The selection could not be captured: ${message}`,
  capturing: 'Capturing the selection…',
  captured: 'Selection captured.',
  cancelled: 'Cancelled.',
  /** What the polite live region says about the selection. */
  selecting: (width: number, height: number, x: number, y: number) =>
    `Selecting: ${width} by ${height} pixels. Crosshair at ${x}, ${y}. Space ends the selection.`,
  selectingNothing: (x: number, y: number) => `Selecting. Crosshair at ${x}, ${y}. Space ends the selection.`,
  selection: (width: number, height: number, x: number, y: number) =>
    `Selection ${width} by ${height} pixels at ${x}, ${y}. Enter confirms.`,
  crosshair: (x: number, y: number) => `Crosshair at ${x}, ${y}. Space starts a selection.`,
  display: (width: number, height: number) => `Display of ${width} by ${height} pixels. ${enInstructions}`,
};

export type OverlayWords = typeof en;

const frInstructions =
  'Faites glisser pour sélectionner une zone, ou déplacez le réticule avec les flèches et appuyez sur Espace pour commencer puis terminer la sélection. ' +
  'Les flèches déplacent la sélection d’un pixel, avec Maj de dix, avec Alt elles la redimensionnent. ' +
  'A sélectionne tout l’écran. Entrée valide, Échap annule.';

const fr: OverlayWords = {
  pageTitle: 'Sightline — sélectionner une zone',
  label: 'Sélectionner une zone de l’écran',
  hint: 'Glissez pour sélectionner · flèches pour ajuster · A\u00a0:\u00a0tout l’écran · Entrée valide · Échap annule',
  instructions: frInstructions,
  size: (width, height) => `${width} × ${height} px`,
  at: (x, y) => ` à ${x}, ${y}`,
  offDisplay: 'Une sélection reste sur un seul écran.',
  empty: 'La sélection est vide\u00a0: faites glisser pour sélectionner une zone.',
  tooSmall: (width, height) =>
    `La sélection ne fait que ${width}\u00a0×\u00a0${height}\u00a0pixels\u00a0: sélectionnez une zone plus grande.`,
  refused: {
    'capture-over': 'Cette capture est terminée. Recommencez la capture.',
    'other-display': 'Une sélection doit rester sur un seul écran.',
    'bad-selection': 'Sightline ne peut pas capturer cette sélection\u00a0: sélectionnez une autre zone.',
  },
  loading: 'Chargement de l’image de l’écran…',
  notConnected: 'Pas de connexion à l’app Sightline.',
  frameFailed: (message) => `Sightline n’a pas envoyé l’image de l’écran\u00a0: ${message}`,
  imageUnreadable: 'L’image de l’écran n’a pas pu être chargée.',
  imageWrongSize: (image, capture) => `L’image de l’écran fait ${image}\u00a0pixels, et non ${capture}.`,
  confirmFailed: (message) => `La sélection n’a pas pu être capturée\u00a0: ${message}`,
  capturing: 'Capture de la sélection…',
  captured: 'Sélection capturée.',
  cancelled: 'Annulé.',
  selecting: (width, height, x, y) =>
    `Sélection en cours\u00a0: ${width} sur ${height}\u00a0pixels. Réticule à ${x}, ${y}. Espace termine la sélection.`,
  selectingNothing: (x, y) => `Sélection en cours. Réticule à ${x}, ${y}. Espace termine la sélection.`,
  selection: (width, height, x, y) => `Sélection de ${width} sur ${height}\u00a0pixels à ${x}, ${y}. Entrée valide.`,
  crosshair: (x, y) => `Réticule à ${x}, ${y}. Espace commence une sélection.`,
  display: (width, height) => `Écran de ${width} sur ${height}\u00a0pixels. ${frInstructions}`,
};

const words: Record<UiLanguage, OverlayWords> = { en, fr };

export function overlayWords(language: UiLanguage): OverlayWords {
  return words[language];
}
