// Why a capture failed, in the language main speaks: the dialog's detail
// under "Sightline could not capture the screen". English shows the capture
// code's own account (its advice and technical cause); French says the same
// from the failure's code, with the English cause beside it where only that
// explains it (a failure no code covers, the portal's pictures, xrandr).
import type { UiLanguage } from '../../common/ui-language.js';
import type { CaptureFailure } from '../capture/capture-adapter.js';

/** "a", "a et b", "a, b et c". */
function listFr(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}

function french(failure: CaptureFailure): string {
  switch (failure.code) {
    case 'no-x-display':
      return 'Il n’y a pas d’affichage X à capturer (DISPLAY n’est pas défini). Sightline capture l’écran d’une session X11\u00a0; sous Wayland, il passe par le portail du bureau.';
    case 'display-missing':
      return `L’écran ${failure.displayId} est introuvable parmi ceux que le système a capturés. Capturez à nouveau.`;
    case 'tools-missing':
      return failure.tools.length === 1
        ? `L’outil de capture d’écran ${failure.tools[0]} n’est pas installé\u00a0: installez ${listFr(failure.packages)} (noms des paquets Debian et Ubuntu).`
        : `Les outils de capture d’écran ${listFr(failure.tools)} ne sont pas installés\u00a0: installez ${listFr(failure.packages)} (noms des paquets Debian et Ubuntu).`;
    case 'screens-unlisted':
      return 'Sightline n’a pas pu lister les écrans avec xrandr (est-ce une session X11\u00a0?).';
    case 'screen-recording':
      return 'La capture est vide\u00a0: autorisez Sightline à enregistrer l’écran dans Réglages Système → Confidentialité et sécurité → Enregistrement de l’écran.';
    case 'empty':
      return `La capture de l’écran ${failure.displayId} est vide.`;
    case 'not-png':
      return `La capture de l’écran ${failure.displayId} n’est pas une image PNG.`;
    case 'portal-pictures':
      return 'Le système n’a pas rendu une image pour chaque écran. Quand il demande quel écran partager, choisissez l’écran entier (tous les écrans), puis capturez à nouveau.';
    case 'failed':
      return 'La capture d’écran a échoué.';
  }
}

/** Failures whose French words leave out what only the technical cause tells. */
const causeMatters: ReadonlySet<CaptureFailure['code']> = new Set(['failed', 'screens-unlisted', 'portal-pictures']);

/** The dialog's detail: why, and what to do, in `language`. `message` is the English account the capture gave. */
export function captureFailureDetail(failure: CaptureFailure, message: string, language: UiLanguage): string {
  if (language === 'en') return message;
  const said = french(failure);
  return causeMatters.has(failure.code) ? `${said}\n\nDétails (en anglais)\u00a0: ${message}` : said;
}
