import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { chatBridge } from './bridge-for-page.js';
import { ConversationView } from './Conversation.js';
import { Composer } from './Composer.js';
import { Dialogs } from './Dialogs.js';
import { SecretsReviewDialog } from './redaction/SecretsReview.js';
import { SentImageDialog } from './redaction/SentImageView.js';
import { OpenImage } from './OpenImage.js';
import { ImageInput } from './ImageInput.js';
import { useOpensCurrentConversation } from './current-conversation.js';
import { FirstRun, useNeedsModel } from './FirstRun.js';
import { HistoryView } from './HistoryView.js';
import { SettingsView } from './settings/SettingsView.js';
import { useSettingsStore } from './settings/store.js';
import { applyTheme } from './settings/theme.js';
import { applyUiLanguage } from './i18n/index.js';
import { StatusBar } from './StatusBar.js';
import { StorageNotices } from './StorageNotices.js';
import { useChatStore } from './store.js';

export function App() {
  const { t } = useTranslation();
  const connect = useChatStore((state) => state.connect);
  const view = useChatStore((state) => state.view);
  const conversation = useChatStore((state) => state.conversation);
  const connected = useChatStore((state) => state.connection.state === 'connected');
  const needsModel = useNeedsModel();
  const showHistory = useChatStore((state) => state.showHistory);
  const showConversation = useChatStore((state) => state.showConversation);
  const showSettings = useChatStore((state) => state.showSettings);
  const notice = useChatStore((state) => state.notice);
  const dismissNotice = useChatStore((state) => state.dismissNotice);

  useEffect(() => {
    void connect();
  }, [connect]);
  useOpensCurrentConversation();

  // The settings are loaded as soon as the host answers: the theme, the language and where answers come from apply everywhere.
  useEffect(() => {
    if (connected) void useSettingsStore.getState().connect();
  }, [connected]);

  useEffect(() => {
    const off = useSettingsStore.subscribe((state, previous) => {
      const view = state.view;
      if (!view || view === previous.view) return;
      applyTheme(view.settings.theme);
      applyUiLanguage(view.settings.uiLanguage);
    });
    const offShow = chatBridge().settings.onShowView((view) => {
      const chat = useChatStore.getState();
      if (view === 'settings') chat.showSettings();
      else if (view === 'history') void chat.showHistory();
      else chat.showConversation();
    });
    return () => {
      off();
      offShow();
    };
  }, []);

  useEffect(() => {
    const onShortcut = (event: KeyboardEvent) => {
      // Ctrl+, (Cmd+, on macOS): the usual key for an app's settings.
      if (event.key === ',' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.defaultPrevented) {
        event.preventDefault();
        useChatStore.getState().showSettings();
      }
    };
    window.addEventListener('keydown', onShortcut);
    return () => window.removeEventListener('keydown', onShortcut);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      // An open <dialog> closes itself on Esc.
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      // A dialog the previous Esc closed tells the store in its `close` event, a task that the
      // browser may run after this key (input goes first): on screen it is gone already, so this
      // Esc is the next one and must not be spent closing it again.
      if (useChatStore.getState().dialog) useChatStore.getState().closeDialog();
      useChatStore.getState().escape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="chat">
      <header className="chat-header">
        <h1>{t('app.title')}</h1>
        {connected && (
          <nav className="chat-nav" aria-label={t('nav.label')}>
            {/* The history view has its own Back. */}
            {view === 'settings' && (
              <button type="button" className="link-button" onClick={showConversation}>
                {t('history.back')}
              </button>
            )}
            {view !== 'history' && (
              <button type="button" className="link-button" onClick={() => void showHistory()}>
                {t('history.open')}
              </button>
            )}
            {view !== 'settings' && (
              <button
                type="button"
                className="link-button"
                onClick={showSettings}
                aria-keyshortcuts="Control+Comma Meta+Comma"
              >
                {t('settings.open')}
              </button>
            )}
          </nav>
        )}
      </header>
      <StorageNotices />
      <main className="chat-main">
        {view === 'settings' ? (
          <SettingsView />
        ) : view === 'history' ? (
          <HistoryView />
        ) : conversation ? (
          <ConversationView conversation={conversation} needsModel={needsModel} />
        ) : needsModel ? (
          <FirstRun />
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
      <SecretsReviewDialog />
      <SentImageDialog />
      <ImageInput />
    </div>
  );
}

function EmptyState() {
  const { t } = useTranslation();
  return (
    <section className="chat-empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('empty.title')}</h2>
      <p>{t('empty.body')}</p>
      <OpenImage />
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
