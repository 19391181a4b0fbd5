// Privacy: where captures go with the answer source in use, what stays on
// this computer, whether the model is given the capture's text, whether
// secrets are hidden before a capture goes to a model server, hiding from
// screen shares, and how long conversations are kept (keeping none deletes
// them, asked first through the chat's own dialog, as in the history view).
import { useTranslation } from 'react-i18next';
import * as z from 'zod/mini';
import type { SettingsPatch } from '../../../common/settings-contract.js';
import { useChatStore } from '../store.js';
import { FieldMessage } from './FieldMessage.js';
import { NumberField } from './NumberField.js';
import { PrivacyNote } from './PrivacyNote.js';
import { SectionMessage } from './SectionMessage.js';
import { useSettingsStore } from './store.js';
import { SwitchRow } from './SwitchRow.js';

/** Days a limited history keeps: 0 is "keep none", which the keep switch says. */
const HistoryDays = z.number().check(z.int(), z.minimum(1), z.maximum(3650));
const defaultHistoryDays = 30;

export function PrivacySection() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const update = useSettingsStore((state) => state.update);
  const setKeepHistory = useChatStore((state) => state.setKeepHistory);
  if (!view) return null;
  const { settings } = view;
  const apply = (patch: SettingsPatch) => void update(patch, 'privacy');
  const keeping = settings.historyDays !== 0;
  const days = settings.historyDays !== undefined && settings.historyDays > 0 ? settings.historyDays : undefined;

  return (
    <>
      <PrivacyNote privacy={view.privacy} backend={settings.backend} prominent />
      <div className="settings-group">
        <div className="settings-item">
          <p className="settings-item-label">{t('settings.privacy.staysTitle')}</p>
          <ul className="settings-facts">
            <li>{t(keeping ? 'settings.privacy.staysHistory' : 'settings.privacy.staysNoHistory')}</li>
            <li>{t('settings.privacy.staysText')}</li>
            <li>{t('settings.privacy.staysKeys')}</li>
          </ul>
        </div>
      </div>
      <div className="settings-group">
        <SwitchRow
          field="captureTextToModel"
          label={t('settings.general.captureText')}
          hint={t('settings.general.captureTextHint')}
          checked={settings.captureTextToModel}
          onChange={(captureTextToModel) => apply({ captureTextToModel })}
        />
        <SwitchRow
          field="hideSecretsFromServers"
          label={t('redaction.setting')}
          hint={t('redaction.settingHint')}
          checked={settings.hideSecretsFromServers}
          onChange={(hideSecretsFromServers) => apply({ hideSecretsFromServers })}
        />
        {view.screenShareHidingSupported ? (
          <SwitchRow
            field="hideFromScreenShare"
            label={t('settings.general.screenShare')}
            hint={t('settings.general.screenShareHint')}
            checked={settings.hideFromScreenShare}
            onChange={(hideFromScreenShare) => apply({ hideFromScreenShare })}
          />
        ) : (
          <div className="settings-item">
            <p className="settings-item-label">{t('settings.general.screenShare')}</p>
            <p className="settings-hint">{t('settings.general.screenShareUnavailable')}</p>
          </div>
        )}
      </div>
      <div className="settings-group">
        <SwitchRow
          field={{ id: 'settings-keep-history' }}
          label={t('settings.privacy.keepHistory')}
          hint={t('settings.privacy.keepHistoryHint')}
          checked={keeping}
          onChange={(keep) => void setKeepHistory(keep)}
        />
        {keeping && (
          <SwitchRow
            field={{ id: 'settings-history-limit' }}
            label={t('settings.privacy.deleteOld')}
            checked={days !== undefined}
            onChange={(limit) => apply({ historyDays: limit ? defaultHistoryDays : null })}
          />
        )}
        {days === undefined && <FieldMessage field="historyDays" />}
        {days !== undefined && (
          <NumberField
            field="historyDays"
            section="privacy"
            label={t('settings.privacy.deleteAfter')}
            value={days}
            schema={HistoryDays}
            onCommit={(historyDays) => apply({ historyDays })}
          />
        )}
      </div>
      <SectionMessage section="privacy" />
    </>
  );
}
