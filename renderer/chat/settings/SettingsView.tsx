// The settings panel, a view of the chat window like the history: reached
// from the header, with Ctrl+, (Cmd+, on macOS), and from the tray. Its
// sections each have their own page: the navigation beside them (above them
// in a narrow window), and one section at a time in a narrow form column.
import { useEffect, useRef, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { AboutSection } from './AboutSection.js';
import { BackendSection } from './BackendSection.js';
import { GeneralSection } from './GeneralSection.js';
import { ModelSection } from './ModelSection.js';
import { PrivacySection } from './PrivacySection.js';
import { SettingsNav } from './SettingsNav.js';
import { ShortcutSection } from './ShortcutSection.js';
import { useSettingsStore, type Section } from './store.js';
import './settings.css';
import './settings-controls.css';

const sectionViews: Record<Section, ComponentType> = {
  general: GeneralSection,
  model: ModelSection,
  backend: BackendSection,
  shortcut: ShortcutSection,
  privacy: PrivacySection,
  about: AboutSection,
};

export function SettingsView() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const section = useSettingsStore((state) => state.section);
  const connect = useSettingsStore((state) => state.connect);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    void connect();
    // Keyboard and screen-reader users land at the top of the panel.
    heading.current?.focus();
  }, [connect]);
  const SectionView = sectionViews[section];

  return (
    <section className="settings" aria-labelledby="settings-title">
      <div className="settings-body">
        <div className="settings-side">
          <h2 id="settings-title" tabIndex={-1} ref={heading}>
            {t('settings.title')}
          </h2>
          <SettingsNav />
        </div>
        {/* Keyed by section: another section starts at its top. */}
        <div className="settings-pane" key={section}>
          <section id="settings-section" className="settings-page" aria-labelledby="settings-section-title">
            <h3 id="settings-section-title">{t(`settings.${section}.title`)}</h3>
            {view ? <SectionView /> : <p>{t('status.connecting')}</p>}
          </section>
        </div>
      </div>
    </section>
  );
}
