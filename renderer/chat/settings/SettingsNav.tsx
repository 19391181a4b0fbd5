// The settings' sections as a list (a side column in a wide window, a row of
// tabs in a narrow one). The chosen one is marked (aria-current); arrow keys,
// Home and End move between them and show each, and Tab goes on into the
// section, so only the chosen one is a Tab stop.
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsSections, useSettingsStore, type Section } from './store.js';

const moves: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => (index + 1) % count,
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowUp: (index, count) => (index - 1 + count) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_index, count) => count - 1,
};

export function SettingsNav() {
  const { t } = useTranslation();
  const current = useSettingsStore((state) => state.section);
  const showSection = useSettingsStore((state) => state.showSection);
  const list = useRef<HTMLUListElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, section: Section) => {
    const move = moves[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const next = settingsSections[move(settingsSections.indexOf(section), settingsSections.length)] ?? section;
    showSection(next);
    list.current?.querySelector<HTMLButtonElement>(`[data-section="${next}"]`)?.focus();
  };

  return (
    <nav className="settings-nav" aria-label={t('settings.sections')}>
      <ul ref={list}>
        {settingsSections.map((section) => (
          <li key={section}>
            <button
              type="button"
              data-section={section}
              aria-current={section === current ? 'page' : undefined}
              aria-controls="settings-section"
              tabIndex={section === current ? 0 : -1}
              onClick={() => showSection(section)}
              onKeyDown={(event) => onKeyDown(event, section)}
            >
              {t(`settings.${section}.title`)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
