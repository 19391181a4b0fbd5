// What went wrong, in the page's language. The engine, the engine host and
// the model-server backends word their errors in English, with the specifics
// (a path, a server, a limit) that make them actionable; a language other
// than English gets a headline of its own per kind of error, and keeps the
// engine's sentence as the detail.
import type { EngineErrorCode } from '../../../common/engine-protocol.js';
import type { UiLanguage } from './index.js';

const headlines: Partial<Record<UiLanguage, Record<EngineErrorCode, string>>> = {
  fr: {
    'model-missing': 'Les fichiers du modèle sont introuvables. Téléchargez-le de nouveau dans les Réglages.',
    'model-corrupt': 'Les fichiers du modèle sont endommagés. Supprimez-le, puis téléchargez-le de nouveau.',
    'model-unsupported': 'Sightline ne sait pas faire fonctionner ce modèle.',
    'no-model': 'Aucun modèle n’est chargé. Choisissez-en un dans les Réglages.',
    'bad-image': 'La capture n’a pas pu être lue. Refaites la capture.',
    'prompt-too-long': 'La conversation est trop longue pour ce modèle. Faites une nouvelle capture.',
    'bad-request': 'La question n’a pas pu être envoyée au modèle.',
    'engine-crashed': 'Le moteur s’est arrêté.',
    internal: 'Une erreur interne est survenue.',
    'local-engine-unavailable':
      'Les modèles locaux ne peuvent pas fonctionner sur cet ordinateur. Choisissez un serveur de modèles dans Réglages → Source des réponses.',
    'remote-unreachable': 'Le serveur de modèles ne répond pas à cette adresse.',
    'remote-refused': 'Le serveur de modèles refuse la clé d’API, ou en demande une.',
    'remote-model-missing': 'Le serveur n’a pas le modèle indiqué dans les Réglages.',
    'remote-no-vision': 'Ce modèle ne lit pas les images.',
    'remote-error': 'Le serveur de modèles a répondu par une erreur.',
    'remote-timeout': 'Le serveur de modèles n’a pas répondu à temps.',
    'remote-bad-stream': 'La réponse du serveur a été coupée ou était illisible.',
    'remote-key-unavailable': 'La clé d’API n’a pas pu être lue dans le trousseau de cet ordinateur.',
  },
};

/** The error as the page shows it: a headline in its language, and the engine's own words as the detail when they differ. */
export function wordError(
  message: string,
  code: EngineErrorCode | undefined,
  language: string,
): { text: string; detail?: string } {
  const headline = code ? headlines[language as UiLanguage]?.[code] : undefined;
  return headline ? { text: headline, detail: message } : { text: message };
}
