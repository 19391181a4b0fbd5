// Saved conversations, most recent first, each with its capture's thumbnail:
// search them as you type, reopen one, delete one, or stop keeping them.
// Back (or Esc) returns to the chat; Esc in a search with words in it clears
// the search first.
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { chatSettingsOf } from '../../common/chat-contract.js';
import type { ConversationSummary } from '../../common/conversation.js';
import { HistoryRow } from './HistoryRow.js';
import { matchesSearch, searchTerms } from './history-search.js';
import { useSettingsStore } from './settings/store.js';
import { useChatStore } from './store.js';
import './history.css';

export function HistoryView() {
  const { t } = useTranslation();
  const history = useChatStore((state) => state.history);
  // One of the app's settings (historyDays 0 keeps none), shown once the settings are loaded.
  const keepHistory = useSettingsStore((state) => state.view && chatSettingsOf(state.view.settings).keepHistory);
  const openConversation = useChatStore((state) => state.openConversation);
  const askDeleteConversation = useChatStore((state) => state.askDeleteConversation);
  const setKeepHistory = useChatStore((state) => state.setKeepHistory);
  const showConversation = useChatStore((state) => state.showConversation);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  useHistoryKeys(search, query, setQuery);

  const rows = useMemo(() => {
    const terms = searchTerms(query);
    return history
      .map((item) => ({ item, ...namesOf(item, t) }))
      .filter(({ item, title, actionLabel }) =>
        matchesSearch({ title, actionLabel, searchText: item.searchText }, terms),
      );
  }, [history, query, t]);
  const searching = query.trim() !== '';
  const now = Date.now();

  return (
    <section className="history" aria-labelledby="history-title">
      <div className="history-header">
        <button type="button" className="history-back" onClick={showConversation} aria-keyshortcuts="Escape">
          <span aria-hidden="true">←</span> {t('history.back')}
        </button>
        <h2 id="history-title">{t('history.title')}</h2>
      </div>
      {history.length > 0 && (
        <input
          ref={search}
          type="search"
          className="history-search"
          aria-label={t('history.search')}
          placeholder={t('history.searchPlaceholder')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          autoFocus
        />
      )}
      <p className="history-status" role="status">
        {searching ? t('history.matches', { count: rows.length }) : ''}
      </p>
      {history.length === 0 ? (
        <p className="history-empty">{t('history.empty')}</p>
      ) : rows.length === 0 ? (
        <div className="history-no-match">
          <p>{t('history.noMatch', { query: query.trim() })}</p>
          <button
            type="button"
            onClick={() => {
              setQuery('');
              search.current?.focus();
            }}
          >
            {t('history.clearSearch')}
          </button>
        </div>
      ) : (
        <ul className="history-list">
          {rows.map(({ item, title, actionLabel }) => (
            <HistoryRow
              key={item.id}
              item={item}
              title={title}
              actionLabel={actionLabel}
              now={now}
              onOpen={() => void openConversation(item.id)}
              onDelete={() => askDeleteConversation(item.id, title)}
            />
          ))}
        </ul>
      )}
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
    </section>
  );
}

/** A row's title (the host's, else its quick action's label, else "New capture") and its action's label. */
function namesOf(
  item: ConversationSummary,
  t: ReturnType<typeof useTranslation>['t'],
): { title: string; actionLabel: string | undefined } {
  const actionLabel = item.action && t(`actions.${item.action}`);
  return { title: item.title || actionLabel || t('history.untitled'), actionLabel };
}

/**
 * Esc in the history: clears a search with words in it, else returns to the
 * chat. Listened to before the page's own Esc (which would hide the window
 * when no conversation is open); an open dialog keeps its Esc.
 */
function useHistoryKeys(search: RefObject<HTMLInputElement | null>, query: string, setQuery: (query: string) => void) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      if (document.querySelector('dialog[open]')) return;
      const chat = useChatStore.getState();
      // A dialog the previous Esc closed may not have told the store yet (see App): it is gone on screen.
      if (chat.dialog) chat.closeDialog();
      event.preventDefault();
      if (event.target === search.current && query !== '') setQuery('');
      else chat.showConversation();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [search, query, setQuery]);
}
