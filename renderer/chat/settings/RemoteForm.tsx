// A model server's form (Ollama, OpenAI-compatible): its address, the model
// (with the server's list), the API key (stored by the host, never shown
// again), the timeouts and image options, and "Check connection" with what
// the check found.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  defaultMaxImageSide,
  MaxImageSide,
  TimeoutMs,
  type BackendSettings,
  type RemoteBackendSettings,
} from '../../../common/backend-settings.js';
import type { SettingsField } from '../../../common/settings-refusal.js';
import { checkDraft } from './check-draft.js';
import { describedBy, FieldMessage, fieldIds, useFieldRefusal } from './FieldMessage.js';
import { NumberField } from './NumberField.js';
import { useSettingsStore } from './store.js';
import { SwitchRow } from './SwitchRow.js';

const apiKeyMaxLength = 4096;

export function RemoteForm({
  draft,
  setDraft,
}: {
  draft: RemoteBackendSettings;
  setDraft: (draft: BackendSettings) => void;
}) {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const report = useSettingsStore((state) => state.report);
  const checking = useSettingsStore((state) => state.checking);
  const remoteModels = useSettingsStore((state) => state.remoteModels);
  const checkBackend = useSettingsStore((state) => state.checkBackend);
  const fetchRemoteModels = useSettingsStore((state) => state.fetchRemoteModels);
  const setApiKey = useSettingsStore((state) => state.setApiKey);
  const refuse = useSettingsStore((state) => state.refuse);
  const clearRefusal = useSettingsStore((state) => state.clearRefusal);
  const [apiKey, setApiKeyDraft] = useState('');
  const keyRefused = useFieldRefusal('apiKey') !== undefined;
  const set = (patch: Partial<RemoteBackendSettings>) => setDraft({ ...draft, ...patch } as RemoteBackendSettings);
  const keyStored = view?.apiKeyStored[draft.kind] ?? false;
  const listId = `remote-models-${draft.kind}`;

  const check = () => {
    if (checkDraft(draft)) void checkBackend(draft);
  };
  const saveKey = () => {
    if (apiKey.length > apiKeyMaxLength) {
      return refuse('backend', [{ code: 'too-long', field: 'apiKey', limit: apiKeyMaxLength }]);
    }
    void setApiKey(draft.kind, apiKey).then(() => setApiKeyDraft(''));
  };

  return (
    <>
      <div className="settings-group">
        <TextField
          field="backend.baseUrl"
          label={t('settings.backend.baseUrl')}
          type="url"
          value={draft.baseUrl}
          onChange={(baseUrl) => set({ baseUrl })}
        />
        <TextField
          field="backend.model"
          label={t('settings.backend.model')}
          value={draft.model}
          list={listId}
          onChange={(model) => set({ model })}
        >
          <datalist id={listId}>
            {(remoteModels ?? report?.models ?? []).map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <div className="settings-inline-actions">
            <button type="button" onClick={() => void fetchRemoteModels(draft.kind, draft.baseUrl)}>
              {t('settings.backend.listModels')}
            </button>
            {remoteModels && (
              <span className="settings-hint">{t('settings.backend.modelsFound', { count: remoteModels.length })}</span>
            )}
          </div>
        </TextField>
        <div className="settings-item settings-item-stack">
          <label className="settings-item-label" htmlFor={fieldIds('apiKey').control}>
            {t('settings.backend.apiKey')}
          </label>
          <div className="settings-inline-actions">
            <input
              id={fieldIds('apiKey').control}
              className="settings-text"
              type="password"
              autoComplete="off"
              value={apiKey}
              placeholder={keyStored ? '••••••••' : undefined}
              aria-invalid={keyRefused || undefined}
              aria-describedby={describedBy('apiKey', false, keyRefused)}
              onChange={(event) => {
                setApiKeyDraft(event.target.value);
                clearRefusal('apiKey');
              }}
            />
            <button type="button" disabled={apiKey === ''} onClick={saveKey}>
              {t('settings.backend.saveKey')}
            </button>
            {keyStored && (
              <button type="button" onClick={() => void setApiKey(draft.kind, null)}>
                {t('settings.backend.removeKey')}
              </button>
            )}
          </div>
          <p className="settings-hint">
            {keyStored ? t('settings.backend.apiKeyStored') : t('settings.backend.apiKeyNone')}
          </p>
          <FieldMessage field="apiKey" />
        </div>
      </div>
      <div className="settings-group">
        <NumberField
          field="backend.timeoutMs"
          section="backend"
          label={t('settings.backend.timeout')}
          value={draft.timeoutMs}
          schema={TimeoutMs}
          onCommit={(timeoutMs) => set({ timeoutMs })}
        />
        <NumberField
          field="backend.maxImageSide"
          section="backend"
          label={t('settings.backend.maxImageSide')}
          value={draft.maxImageSide ?? defaultMaxImageSide}
          schema={MaxImageSide}
          onCommit={(maxImageSide) => set({ maxImageSide })}
        />
        <SwitchRow
          field="backend.allowJpeg"
          label={t('settings.backend.allowJpeg')}
          checked={draft.allowJpeg ?? false}
          onChange={(allowJpeg) => set({ allowJpeg })}
        />
      </div>
      <div className="settings-actions">
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
    </>
  );
}

/** A text field with its label above it (an address or a name is long), and why it was refused. */
function TextField(props: {
  field: SettingsField;
  label: string;
  value: string;
  type?: 'url';
  list?: string;
  onChange(value: string): void;
  children?: ReactNode;
}) {
  const ids = fieldIds(props.field);
  const clearRefusal = useSettingsStore((state) => state.clearRefusal);
  const refused = useFieldRefusal(props.field) !== undefined;
  return (
    <div className="settings-item settings-item-stack">
      <label className="settings-item-label" htmlFor={ids.control}>
        {props.label}
      </label>
      <input
        id={ids.control}
        className="settings-text"
        type={props.type ?? 'text'}
        value={props.value}
        list={props.list}
        spellCheck={false}
        aria-invalid={refused || undefined}
        aria-describedby={describedBy(props.field, false, refused)}
        onChange={(event) => {
          props.onChange(event.target.value.trim());
          clearRefusal(props.field);
        }}
      />
      <FieldMessage field={props.field} />
      {props.children}
    </div>
  );
}
