// Tells the user about their files that Sightline could not read: a settings
// file that was reset to defaults (and where the old one was kept), and saved
// conversations the history skips (their files are left where they are).
// Each kind is one notice, dismissed as one.
import { useTranslation } from 'react-i18next';
import type { StorageNotice } from '../../common/chat-contract.js';
import { useChatStore } from './store.js';

export function StorageNotices() {
  const { t } = useTranslation();
  const notices = useChatStore((state) => state.storageNotices);
  const dismiss = useChatStore((state) => state.dismissStorageNotices);
  const settings = notices.find(
    (item): item is Extract<StorageNotice, { kind: 'settings-reset' }> => item.kind === 'settings-reset',
  );
  const conversations = notices.filter(
    (item): item is Extract<StorageNotice, { kind: 'conversation-unreadable' }> =>
      item.kind === 'conversation-unreadable',
  );
  if (!settings && conversations.length === 0) return null;
  return (
    <div className="storage-notices">
      {settings && (
        <section className="storage-notice" role="alert" aria-labelledby="settings-reset-title">
          <div>
            <h2 id="settings-reset-title">{t('storage.settingsResetTitle')}</h2>
            <p>{t('storage.settingsResetBody')}</p>
            <p className="storage-notice-file">
              <code>{settings.keptAside}</code>
            </p>
            <Why reason={settings.reason} />
          </div>
          <button type="button" onClick={() => dismiss('settings-reset')}>
            {t('storage.dismiss')}
          </button>
        </section>
      )}
      {conversations.length > 0 && (
        <section className="storage-notice" role="alert" aria-labelledby="unreadable-title">
          <div>
            <h2 id="unreadable-title">{t('storage.unreadableTitle', { count: conversations.length })}</h2>
            <p>{t('storage.unreadableBody', { count: conversations.length })}</p>
            <ul className="storage-notice-file">
              {conversations.slice(0, 3).map((item) => (
                <li key={item.file}>
                  <code>{item.file}</code>
                </li>
              ))}
              {conversations.length > 3 && <li>{t('storage.more', { count: conversations.length - 3 })}</li>}
            </ul>
            <Why reason={conversations.map((item) => item.reason).join('\n')} />
          </div>
          <button type="button" onClick={() => dismiss('conversation-unreadable')}>
            {t('storage.dismiss')}
          </button>
        </section>
      )}
    </div>
  );
}

/** The parser's own words (English), folded away: they help a bug report more than the user. */
function Why({ reason }: { reason: string }) {
  const { t } = useTranslation();
  return (
    <details className="storage-notice-why">
      <summary>{t('storage.why')}</summary>
      <p lang="en">{reason}</p>
    </details>
  );
}
