// Answer source: the local engine, an Ollama server or an OpenAI-compatible
// one. Where captures go is said first, plainly. A server's form is a draft
// until "Apply"; "Check connection" tries the draft. A draft the settings
// would refuse is said beside its fields before anything is sent.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { remoteDefaults, type BackendSettings } from '../../../common/backend-settings.js';
import { describeBackendPrivacy } from '../../../common/backend-privacy.js';
import { checkDraft } from './check-draft.js';
import { FieldMessage } from './FieldMessage.js';
import { PrivacyNote } from './PrivacyNote.js';
import { RemoteForm } from './RemoteForm.js';
import { SectionMessage } from './SectionMessage.js';
import { useSettingsStore } from './store.js';

type Kind = BackendSettings['kind'];
const kinds = ['local', 'ollama', 'openai'] as const;

export function BackendSection() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const update = useSettingsStore((state) => state.update);
  const applied = view?.settings.backend;
  const [draft, setDraft] = useState<BackendSettings>(applied ?? { kind: 'local' });
  const appliedText = JSON.stringify(applied);
  useEffect(() => {
    if (applied) setDraft(applied);
    // Reset the form when the applied settings change (here or in another window), not on every render.
  }, [appliedText]);
  if (!view || !applied) return null;

  const pick = (kind: Kind) => {
    if (kind === draft.kind) return;
    if (kind === 'local') setDraft({ kind: 'local' });
    else setDraft(applied.kind === kind ? applied : remoteDefaults(kind));
    useSettingsStore.setState({ report: undefined, remoteModels: undefined, message: undefined });
    useSettingsStore
      .getState()
      .clearRefusal(
        'backend',
        'backend.kind',
        'backend.baseUrl',
        'backend.model',
        'backend.timeoutMs',
        'backend.maxImageSide',
      );
  };
  const changed = JSON.stringify(draft) !== appliedText;
  const apply = () => {
    if (checkDraft(draft)) void update({ backend: draft }, 'backend', 'settings.backend.applied');
  };

  return (
    <>
      <PrivacyNote privacy={view.privacy} backend={applied} prominent />
      <div className="settings-group">
        <div className="settings-item">
          <span id="settings-backend-kind-label" className="settings-item-label">
            {t('settings.backend.kind')}
          </span>
          <div role="radiogroup" aria-labelledby="settings-backend-kind-label" className="settings-options">
            {kinds.map((kind) => (
              <label key={kind} className="settings-option">
                <input type="radio" name="backend" checked={draft.kind === kind} onChange={() => pick(kind)} />
                <span>
                  <span className="settings-option-label">{t(`settings.backend.kinds.${kind}`)}</span>
                  <span className="settings-hint">{t(`settings.backend.kindHints.${kind}`)}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldMessage field="backend.kind" />
          <FieldMessage field="backend" />
        </div>
      </div>
      {draft.kind !== 'local' && <RemoteForm draft={draft} setDraft={setDraft} />}
      {changed && draft.kind !== 'local' && (
        <PrivacyNote privacy={describeBackendPrivacy(draft)} backend={draft} prefix={t('settings.backend.ifApplied')} />
      )}
      <div className="settings-actions">
        <button type="button" className="primary" disabled={!changed} onClick={apply}>
          {t('settings.backend.apply')}
        </button>
      </div>
      <SectionMessage section="backend" />
    </>
  );
}
