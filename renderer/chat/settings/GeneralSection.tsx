// General: the language of Sightline's own words, the theme, the language of
// the answers, and starting at login. Each applies as soon as it changes.
import { useTranslation } from 'react-i18next';
import type { SettingsPatch } from '../../../common/settings-contract.js';
import { Segmented } from './Segmented.js';
import { SectionMessage } from './SectionMessage.js';
import { useSettingsStore } from './store.js';
import { SwitchRow } from './SwitchRow.js';

const themes = ['system', 'light', 'dark'] as const;
const answerLanguages = ['question', 'en', 'fr'] as const;

export function GeneralSection() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const update = useSettingsStore((state) => state.update);
  if (!view) return null;
  const { settings } = view;
  const apply = (patch: SettingsPatch) => void update(patch, 'general');

  return (
    <>
      <div className="settings-group">
        <Segmented
          field="uiLanguage"
          label={t('settings.general.uiLanguage')}
          value={settings.uiLanguage}
          segments={[
            { value: 'system', label: t('settings.general.uiLanguages.system') },
            // Each language is named in itself, whatever the page's language.
            { value: 'en', label: 'English', lang: 'en' },
            { value: 'fr', label: 'Français', lang: 'fr' },
          ]}
          onChange={(uiLanguage) => apply({ uiLanguage })}
        />
        <Segmented
          field="theme"
          label={t('settings.general.theme')}
          value={settings.theme}
          segments={themes.map((theme) => ({ value: theme, label: t(`settings.general.themes.${theme}`) }))}
          onChange={(theme) => apply({ theme })}
        />
      </div>
      <div className="settings-group">
        <Segmented
          field="answerLanguage"
          label={t('settings.general.language')}
          hint={t('settings.general.languageHint')}
          value={settings.answerLanguage}
          segments={answerLanguages.map((language) => ({
            value: language,
            label: t(`settings.general.languages.${language}`),
          }))}
          onChange={(answerLanguage) => apply({ answerLanguage })}
        />
      </div>
      {view.startAtLoginSupported && (
        <div className="settings-group">
          <SwitchRow
            field="startAtLogin"
            label={t('settings.general.startAtLogin')}
            checked={settings.startAtLogin}
            onChange={(startAtLogin) => apply({ startAtLogin })}
          />
        </div>
      )}
      <SectionMessage section="general" />
    </>
  );
}
