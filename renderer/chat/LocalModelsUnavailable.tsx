// Where local models cannot run (an Intel Mac: onnxruntime has no build for
// it; common/local-engine.ts), the page says so where it would offer them —
// the settings' Model section and the first run's card — with a button to the
// Answer source section, rather than a download that could not run.
import { useTranslation } from 'react-i18next';
import { useShowAnswerSource } from './local-models.js';
import { useSettingsStore } from './settings/store.js';
import './local-models.css';

export function LocalModelsUnavailable() {
  const { t } = useTranslation();
  const showAnswerSource = useShowAnswerSource();
  const backend = useSettingsStore((state) => state.view?.settings.backend.kind);
  return (
    <section className="local-models-unavailable" aria-labelledby="local-models-unavailable-title">
      {/* Not a heading: it sits under the first run's h2 and under the settings section's h3. */}
      <p id="local-models-unavailable-title" className="local-models-unavailable-title">
        {t('localModels.unavailableTitle')}
      </p>
      <p>{t('localModels.unavailableBody')}</p>
      {(backend === undefined || backend === 'local') && (
        <button type="button" onClick={showAnswerSource}>
          {t('localModels.chooseServer')}
        </button>
      )}
    </section>
  );
}
