// Where answers come from: the local engine, an Ollama server or an
// OpenAI-compatible one. The form is a draft until "Apply"; "Check
// connection" tries the draft. Where captures go is said first, plainly.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  defaultMaxImageSide,
  remoteDefaults,
  type BackendSettings,
  type RemoteBackendSettings,
} from '../../../common/backend-settings.js';
import { describeBackendPrivacy } from '../../../common/backend-privacy.js';
import { RemoteBackendDraft } from '../../../common/settings-contract.js';
import { describeIssues } from '../../../common/schema.js';
import { PrivacyNote } from './PrivacyNote.js';
import { SectionMessage } from './SectionMessage.js';
import { useSettingsStore } from './store.js';

type Kind = BackendSettings['kind'];

export function BackendSection() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const update = useSettingsStore((state) => state.update);
  const say = useSettingsStore((state) => state.say);
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
    useSettingsStore.setState({ report: undefined, remoteModels: undefined });
  };
  const changed = JSON.stringify(draft) !== appliedText;
  const apply = () => {
    if (draft.kind !== 'local') {
      const parsed = RemoteBackendDraft.safeParse(draft);
      if (!parsed.success) return say('backend', describeIssues(parsed.error));
    }
    void update({ backend: draft }, 'backend', t('settings.backend.applied'));
  };

  return (
    <fieldset className="settings-section">
      <legend>{t('settings.backend.title')}</legend>
      <PrivacyNote privacy={view.privacy} backend={applied} prominent />
      <fieldset className="settings-choices">
        <legend>{t('settings.backend.kind')}</legend>
        {(['local', 'ollama', 'openai'] as const).map((kind) => (
          <label key={kind}>
            <input type="radio" name="backend" checked={draft.kind === kind} onChange={() => pick(kind)} />
            {t(`settings.backend.kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      {draft.kind !== 'local' && <RemoteForm draft={draft} setDraft={setDraft} />}
      {changed && draft.kind !== 'local' && (
        <PrivacyNote privacy={describeBackendPrivacy(draft)} backend={draft} prefix={t('settings.backend.ifApplied')} />
      )}
      <div className="settings-row">
        <button type="button" className="primary" disabled={!changed} onClick={apply}>
          {t('settings.backend.apply')}
        </button>
      </div>
      <SectionMessage section="backend" />
    </fieldset>
  );
}

function RemoteForm({ draft, setDraft }: { draft: RemoteBackendSettings; setDraft: (draft: BackendSettings) => void }) {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const report = useSettingsStore((state) => state.report);
  const checking = useSettingsStore((state) => state.checking);
  const remoteModels = useSettingsStore((state) => state.remoteModels);
  const checkBackend = useSettingsStore((state) => state.checkBackend);
  const fetchRemoteModels = useSettingsStore((state) => state.fetchRemoteModels);
  const setApiKey = useSettingsStore((state) => state.setApiKey);
  const say = useSettingsStore((state) => state.say);
  const [apiKey, setApiKeyDraft] = useState('');
  const set = (patch: Partial<RemoteBackendSettings>) => setDraft({ ...draft, ...patch } as RemoteBackendSettings);
  const keyStored = view?.apiKeyStored[draft.kind] ?? false;
  const listId = `remote-models-${draft.kind}`;

  const check = () => {
    const parsed = RemoteBackendDraft.safeParse(draft);
    if (!parsed.success) return say('backend', describeIssues(parsed.error));
    void checkBackend(parsed.data);
  };

  return (
    <div className="settings-remote">
      <label className="settings-field">
        <span>{t('settings.backend.baseUrl')}</span>
        <input
          type="url"
          value={draft.baseUrl}
          spellCheck={false}
          onChange={(event) => set({ baseUrl: event.target.value.trim() })}
        />
      </label>
      <label className="settings-field">
        <span>{t('settings.backend.model')}</span>
        <input
          value={draft.model}
          list={listId}
          spellCheck={false}
          onChange={(event) => set({ model: event.target.value.trim() })}
        />
        <datalist id={listId}>
          {(remoteModels ?? report?.models ?? []).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
      <div className="settings-row">
        <button type="button" onClick={() => void fetchRemoteModels(draft.kind, draft.baseUrl)}>
          {t('settings.backend.listModels')}
        </button>
        {remoteModels && (
          <span className="settings-hint">{t('settings.backend.modelsFound', { count: remoteModels.length })}</span>
        )}
      </div>
      <label className="settings-field">
        <span>{t('settings.backend.apiKey')}</span>
        <input
          type="password"
          autoComplete="off"
          value={apiKey}
          placeholder={keyStored ? t('settings.backend.apiKeyStored') : t('settings.backend.apiKeyNone')}
          onChange={(event) => setApiKeyDraft(event.target.value)}
        />
      </label>
      <div className="settings-row">
        <button
          type="button"
          disabled={apiKey === ''}
          onClick={() => void setApiKey(draft.kind, apiKey).then(() => setApiKeyDraft(''))}
        >
          {t('settings.backend.saveKey')}
        </button>
        {keyStored && (
          <button type="button" onClick={() => void setApiKey(draft.kind, null)}>
            {t('settings.backend.removeKey')}
          </button>
        )}
        <span className="settings-hint">
          {keyStored ? t('settings.backend.apiKeyStored') : t('settings.backend.apiKeyNone')}
        </span>
      </div>
      <label className="settings-field">
        <span>{t('settings.backend.timeout')}</span>
        <input
          type="number"
          min={1}
          max={1800}
          value={Math.round(draft.timeoutMs / 1000)}
          onChange={(event) => set({ timeoutMs: Math.round(Number(event.target.value) * 1000) })}
        />
      </label>
      <label className="settings-field">
        <span>{t('settings.backend.maxImageSide')}</span>
        <input
          type="number"
          min={64}
          max={16384}
          value={draft.maxImageSide ?? defaultMaxImageSide}
          onChange={(event) => set({ maxImageSide: Math.round(Number(event.target.value)) })}
        />
      </label>
      <label className="settings-check">
        <input
          type="checkbox"
          checked={draft.allowJpeg ?? false}
          onChange={(event) => set({ allowJpeg: event.target.checked })}
        />
        {t('settings.backend.allowJpeg')}
      </label>
      <div className="settings-row">
        <button type="button" disabled={checking} onClick={check}>
          {checking ? t('settings.backend.checking') : t('settings.backend.check')}
        </button>
      </div>
      {report && (
        <div
          className={`settings-report settings-report-${report.ok ? 'ok' : 'error'}`}
          role={report.ok ? 'status' : 'alert'}
        >
          <p>{report.summary}</p>
          {report.notes.length > 0 && (
            <ul>
              {report.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
