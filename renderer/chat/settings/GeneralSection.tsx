// Device, answer language, whether the model is given the capture's text,
// history, theme, start at login, idle unload: each applies as soon as it
// changes.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsPatch } from '../../../common/settings-contract.js';
import { useChatStore } from '../store.js';
import { SectionMessage } from './SectionMessage.js';
import { useSettingsStore } from './store.js';

const devices = ['auto', 'gpu', 'cpu'] as const;
const languages = ['question', 'en', 'fr'] as const;
const themes = ['system', 'light', 'dark'] as const;

export function GeneralSection() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const update = useSettingsStore((state) => state.update);
  const openDialog = useChatStore((state) => state.openDialog);
  if (!view) return null;
  const { settings } = view;
  const apply = (patch: SettingsPatch) => void update(patch, 'general');

  return (
    <fieldset className="settings-section">
      <legend>{t('settings.general.title')}</legend>

      <label className="settings-field">
        <span>{t('settings.general.device')}</span>
        <select value={settings.device} onChange={(event) => apply({ device: event.target.value as 'auto' })}>
          {devices.map((device) => (
            <option key={device} value={device}>
              {t(`settings.general.devices.${device}`)}
            </option>
          ))}
        </select>
      </label>

      <label className="settings-field">
        <span>{t('settings.general.language')}</span>
        <select
          value={settings.answerLanguage}
          onChange={(event) => apply({ answerLanguage: event.target.value as 'question' })}
        >
          {languages.map((language) => (
            <option key={language} value={language}>
              {t(`settings.general.languages.${language}`)}
            </option>
          ))}
        </select>
      </label>

      <HintedCheck
        id="capture-text"
        role="switch"
        checked={settings.captureTextToModel}
        onChange={(checked) => apply({ captureTextToModel: checked })}
        label={t('settings.general.captureText')}
        hint={t('settings.general.captureTextHint')}
      />

      <fieldset className="settings-choices">
        <legend>{t('settings.general.history')}</legend>
        <label>
          <input
            type="radio"
            name="history"
            checked={settings.historyDays === undefined}
            onChange={() => apply({ historyDays: null })}
          />
          {t('settings.general.historyAll')}
        </label>
        <HistoryDays days={settings.historyDays} apply={apply} />
        <label>
          <input
            type="radio"
            name="history"
            checked={settings.historyDays === 0}
            // Deleting every saved conversation is asked first (the chat's own dialog).
            onChange={() => openDialog({ kind: 'keep-off' })}
          />
          {t('settings.general.historyNone')}
        </label>
      </fieldset>

      <fieldset className="settings-choices">
        <legend>{t('settings.general.theme')}</legend>
        {themes.map((theme) => (
          <label key={theme}>
            <input
              type="radio"
              name="theme"
              value={theme}
              checked={settings.theme === theme}
              onChange={() => apply({ theme })}
            />
            {t(`settings.general.themes.${theme}`)}
          </label>
        ))}
      </fieldset>

      {view.screenShareHidingSupported ? (
        <HintedCheck
          id="screen-share"
          checked={settings.hideFromScreenShare}
          onChange={(checked) => apply({ hideFromScreenShare: checked })}
          label={t('settings.general.screenShare')}
          hint={t('settings.general.screenShareHint')}
        />
      ) : (
        <p className="settings-hint">{t('settings.general.screenShareUnavailable')}</p>
      )}

      {view.startAtLoginSupported && (
        <label className="settings-check">
          <input
            type="checkbox"
            checked={settings.startAtLogin}
            onChange={(event) => apply({ startAtLogin: event.target.checked })}
          />
          {t('settings.general.startAtLogin')}
        </label>
      )}

      <NumberField
        label={t('settings.general.idle')}
        hint={t('settings.general.idleHint')}
        value={settings.idleUnloadMinutes}
        min={0}
        max={24 * 60}
        onCommit={(idleUnloadMinutes) => apply({ idleUnloadMinutes })}
      />
      <SectionMessage section="general" />
    </fieldset>
  );
}

function HistoryDays({ days, apply }: { days: number | undefined; apply: (patch: SettingsPatch) => void }) {
  const { t } = useTranslation();
  const limited = days !== undefined && days > 0;
  const [draft, setDraft] = useState(String(limited ? days : 30));
  useEffect(() => {
    if (limited) setDraft(String(days));
  }, [days, limited]);
  const commit = () => {
    const value = Number(draft);
    if (Number.isInteger(value) && value >= 1 && value <= 3650) apply({ historyDays: value });
  };
  return (
    <label className="settings-days">
      <input type="radio" name="history" checked={limited} onChange={commit} />
      {t('settings.general.historyDaysBefore')}
      <input
        type="number"
        min={1}
        max={3650}
        value={draft}
        aria-label={t('settings.general.historyDaysLabel')}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => limited && commit()}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
      {t('settings.general.historyDaysAfter')}
    </label>
  );
}

export function NumberField(props: {
  label: string;
  hint?: string;
  value: number;
  min: number;
  max: number;
  onCommit(value: number): void;
}) {
  const [draft, setDraft] = useState(String(props.value));
  useEffect(() => setDraft(String(props.value)), [props.value]);
  const commit = () => {
    const value = Number(draft);
    if (Number.isInteger(value) && value >= props.min && value <= props.max && value !== props.value) {
      props.onCommit(value);
    }
  };
  return (
    <label className="settings-field">
      <span>{props.label}</span>
      <input
        type="number"
        min={props.min}
        max={props.max}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
      {props.hint && <small className="settings-hint">{props.hint}</small>}
    </label>
  );
}

/** A checkbox (or a switch) with its label and a line that explains it, read out with it. */
function HintedCheck(props: {
  id: string;
  role?: 'switch';
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  hint: string;
}) {
  return (
    <label className="settings-check">
      <input
        type="checkbox"
        {...(props.role ? { role: props.role } : {})}
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
        aria-describedby={`${props.id}-hint`}
      />
      {props.label}
      <small id={`${props.id}-hint`} className="settings-hint">
        {props.hint}
      </small>
    </label>
  );
}
