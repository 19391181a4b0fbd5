// About: which Sightline this is, where its models are installed (with a
// button to copy the path), and the licences: Sightline's own and each
// model's.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chatBridge } from '../bridge-for-page.js';
import { useChatStore } from '../store.js';
import { useSettingsStore } from './store.js';

/** A licence as people write it ("Apache 2.0"), from the catalog's SPDX-like id. */
function licenceName(id: string): string {
  const known: Record<string, string> = { 'apache-2.0': 'Apache 2.0', mit: 'MIT', 'bsd-3-clause': 'BSD 3-Clause' };
  return known[id.toLowerCase()] ?? id;
}

export function AboutSection() {
  const { t } = useTranslation();
  const info = useChatStore((state) => (state.connection.state === 'connected' ? state.connection.info : undefined));
  const folder = useSettingsStore((state) => state.view?.modelsFolder);
  const models = useSettingsStore((state) => state.models);
  const refreshModels = useSettingsStore((state) => state.refreshModels);
  useEffect(() => {
    void refreshModels();
  }, [refreshModels]);
  const [copied, setCopied] = useState(false);
  const copy = (text: string) =>
    void chatBridge()
      .copy(text)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));

  return (
    <>
      <div className="settings-group">
        <div className="settings-item">
          <p className="settings-about-name">
            {info ? t('settings.about.version', { name: info.name, version: info.version }) : t('app.title')}
          </p>
          {info && info.versions.electron !== '' && info.versions.chrome !== '' && (
            <p className="settings-hint">
              {t('settings.about.runtime', { electron: info.versions.electron, chrome: info.versions.chrome })}
            </p>
          )}
        </div>
        {folder && (
          <div className="settings-item">
            <p className="settings-item-label">{t('settings.about.modelsFolder')}</p>
            <div className="settings-inline-actions">
              <code className="settings-path">{folder}</code>
              <button type="button" onClick={() => copy(folder)}>
                {t('settings.about.copyPath')}
              </button>
              {copied && (
                <span className="settings-hint" role="status">
                  {t('settings.about.copied')}
                </span>
              )}
            </div>
          </div>
        )}
      </div>
      <div className="settings-group">
        <div className="settings-item">
          <p className="settings-item-label">{t('settings.about.licences')}</p>
          <p className="settings-hint">{t('settings.about.appLicence')}</p>
          {models.length > 0 && (
            <ul className="settings-facts">
              {models.map((model) => (
                <li key={model.id}>
                  {t('settings.about.modelLicence', { name: model.displayName, licence: licenceName(model.license) })}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}
