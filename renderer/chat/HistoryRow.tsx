// One saved conversation in the history's list: its capture's thumbnail, what
// it is about, when it was last used (in the page's language); the row opens
// it, and Delete (after a confirmation) removes it.
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../common/conversation.js';
import { fullTime, relativeTime } from './history-time.js';

export interface HistoryRowProps {
  item: ConversationSummary;
  /** What the row is called: the host's title, else the quick action's label, else "New capture". */
  title: string;
  actionLabel: string | undefined;
  now: number;
  onOpen(): void;
  onDelete(): void;
}

export function HistoryRow({ item, title, actionLabel, now, onOpen, onDelete }: HistoryRowProps) {
  const { t, i18n } = useTranslation();
  const when = relativeTime(item.updatedAt, now, i18n.language) ?? t('history.justNow');
  // The action is worth saying only when the title is something else.
  const meta = [
    actionLabel !== title ? actionLabel : undefined,
    item.questions > 1 ? t('history.questions', { count: item.questions }) : undefined,
  ];
  return (
    <li className="history-item">
      <button type="button" className="history-open" onClick={onOpen}>
        <span className="history-thumb" aria-hidden="true">
          {item.thumbnail ? (
            <img src={item.thumbnail} alt="" draggable={false} />
          ) : (
            // No thumbnail yet (being made, or the capture could not be scaled): a picture's outline.
            <svg className="history-thumb-none" viewBox="0 0 24 24" aria-hidden="true">
              <rect x="3" y="5" width="18" height="14" rx="2" />
              <circle cx="9" cy="10" r="1.6" />
              <path d="M4 17l5-5 4 4 3-3 4 4" />
            </svg>
          )}
        </span>
        <span className="history-text">
          <span className="history-title" title={title}>
            {title}
          </span>
          <span className="history-meta">
            <time dateTime={new Date(item.updatedAt).toISOString()} title={fullTime(item.updatedAt, i18n.language)}>
              {when}
            </time>
            {meta
              .filter((part) => part !== undefined)
              .map((part) => (
                <span key={part}> · {part}</span>
              ))}
          </span>
        </span>
      </button>
      <button
        type="button"
        className="history-delete"
        aria-label={t('history.deleteLabel', { title })}
        title={t('history.delete')}
        onClick={onDelete}
      >
        {t('history.delete')}
      </button>
    </li>
  );
}
