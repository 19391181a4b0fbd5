// The settings panel, a view of the chat window like the history: reached
// from the header, with Ctrl+, (Cmd+, on macOS), and from the tray.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BackendSection } from './BackendSection.js';
import { GeneralSection } from './GeneralSection.js';
import { ModelSection } from './ModelSection.js';
import { ShortcutSection } from './ShortcutSection.js';
import { useSettingsStore } from './store.js';
import './settings.css';

export function SettingsView() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const connect = useSettingsStore((state) => state.connect);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    void connect();
    // Keyboard and screen-reader users land at the top of the panel.
    heading.current?.focus();
  }, [connect]);

  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title" tabIndex={-1} ref={heading}>
        {t('settings.title')}
      </h2>
      {view ? (
        <>
          <ShortcutSection />
          <ModelSection />
          <GeneralSection />
          <BackendSection />
        </>
      ) : (
        <p>{t('status.connecting')}</p>
      )}
    </section>
  );
}
