import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { chatBridge } from './bridge.js';
import { ConversationView } from './Conversation.js';
import { Composer } from './Composer.js';
import { Dialogs } from './Dialogs.js';
import { HistoryView } from './HistoryView.js';
import { StatusBar } from './StatusBar.js';
import { useChatStore } from './store.js';

export function App() {
  const { t } = useTranslation();
  const connect = useChatStore((state) => state.connect);
  const view = useChatStore((state) => state.view);
  const conversation = useChatStore((state) => state.conversation);
  const connected = useChatStore((state) => state.connection.state === 'connected');
  const showHistory = useChatStore((state) => state.showHistory);
  const showConversation = useChatStore((state) => state.showConversation);
  const notice = useChatStore((state) => state.notice);
  const dismissNotice = useChatStore((state) => state.dismissNotice);

  useEffect(() => {
    void connect();
  }, [connect]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      // An open <dialog> closes itself on Esc.
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      useChatStore.getState().escape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="chat">
      <header className="chat-header">
        <h1>{t('app.title')}</h1>
        {connected &&
          (view === 'history' ? (
            conversation && (
              <button type="button" className="link-button" onClick={showConversation}>
                {t('history.back')}
              </button>
            )
          ) : (
            <button type="button" className="link-button" onClick={() => void showHistory()}>
              {t('history.open')}
            </button>
          ))}
      </header>
      <main className="chat-main">
        {view === 'history' ? (
          <HistoryView />
        ) : conversation ? (
          <ConversationView conversation={conversation} />
        ) : (
          <EmptyState />
        )}
      </main>
      {notice && (
        <div className="chat-notice" role="alert">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={dismissNotice} aria-label={t('capture.close')}>
            ×
          </button>
        </div>
      )}
      {view === 'conversation' && conversation && <Composer />}
      <StatusBar />
      <Announcer />
      <Dialogs />
    </div>
  );
}

function EmptyState() {
  const { t } = useTranslation();
  const openImage = useChatStore((state) => state.openImage);
  const connected = useChatStore((state) => state.connection.state === 'connected');
  const input = useRef<HTMLInputElement>(null);
  const canOpen = connected && chatBridge().openImage !== undefined;
  return (
    <section className="chat-empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('empty.title')}</h2>
      <p>{t('empty.body')}</p>
      {canOpen && (
        <p className="chat-empty-open">
          <span>{t('empty.openImageHint')}</span>{' '}
          <button type="button" onClick={() => input.current?.click()}>
            {t('empty.openImage')}
          </button>
          <input
            ref={input}
            type="file"
            accept="image/png"
            hidden
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void openImage(file);
              event.target.value = '';
            }}
          />
        </p>
      )}
    </section>
  );
}

/** Polite announcements: that an answer started, and the answer once done — never token by token. */
function Announcer() {
  const announcement = useChatStore((state) => state.announcement);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {announcement}
    </div>
  );
}
