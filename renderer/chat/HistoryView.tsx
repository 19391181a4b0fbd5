// Saved conversations, most recent first: reopen one, delete one, or stop
// keeping them.
import { useTranslation } from 'react-i18next';
import { chatSettingsOf } from '../../common/chat-contract.js';
import { useSettingsStore } from './settings/store.js';
import { useChatStore } from './store.js';
import './history.css';

export function HistoryView() {
  const { t, i18n } = useTranslation();
  const history = useChatStore((state) => state.history);
  // One of the app's settings (historyDays 0 keeps none), shown once the settings are loaded.
  const keepHistory = useSettingsStore((state) => state.view && chatSettingsOf(state.view.settings).keepHistory);
  const openConversation = useChatStore((state) => state.openConversation);
  const askDeleteConversation = useChatStore((state) => state.askDeleteConversation);
  const setKeepHistory = useChatStore((state) => state.setKeepHistory);
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {keepHistory !== undefined && (
        <label className="history-keep">
          <input
            type="checkbox"
            checked={keepHistory}
            onChange={(event) => void setKeepHistory(event.target.checked)}
          />
          {t('history.keep')}
        </label>
      )}
      {history.length === 0 ? (
        <p className="history-empty">{t('history.empty')}</p>
      ) : (
        <ul className="history-list">
          {history.map((item) => {
            const title = item.title || t('history.untitled');
            return (
              <li key={item.id}>
                <button type="button" className="history-open" onClick={() => void openConversation(item.id)}>
                  <span className="history-title">{title}</span>
                  <span className="history-meta">
                    {dates.format(item.updatedAt)} · {t('history.questions', { count: item.questions })} ·{' '}
                    {t('capture.size', { width: item.capture.width, height: item.capture.height })}
                  </span>
                </button>
                <button
                  type="button"
                  className="link-button history-delete"
                  aria-label={t('history.deleteLabel', { title })}
                  onClick={() => askDeleteConversation(item.id, title)}
                >
                  {t('history.delete')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
