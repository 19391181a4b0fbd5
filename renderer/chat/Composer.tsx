// The question field, in the conversation's column: Enter sends, Shift+Enter
// adds a line; Stop while an answer streams. The focus comes back here after
// every answer. A named form, so it is a landmark of its own.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useChatStore } from './store.js';
import './conversation.css';

export function Composer() {
  const { t } = useTranslation();
  const draft = useChatStore((state) => state.draft);
  const editing = useChatStore((state) => state.editing);
  const streaming = useChatStore((state) => state.live !== undefined);
  const focusRequest = useChatStore((state) => state.focusRequest);
  const setDraft = useChatStore((state) => state.setDraft);
  const send = useChatStore((state) => state.send);
  const stop = useChatStore((state) => state.stop);
  const cancelEdit = useChatStore((state) => state.cancelEdit);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const input = field.current;
    if (!input) return;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }, [focusRequest]);

  return (
    <form
      className="composer"
      aria-label={t('composer.formLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {editing && (
        <div className="composer-editing">
          <span>{t('composer.editing')}</span>
          <button type="button" className="link-button" onClick={cancelEdit}>
            {t('composer.cancelEdit')}
          </button>
        </div>
      )}
      <div className="composer-row">
        <label htmlFor="question" className="sr-only">
          {t('composer.label')}
        </label>
        <textarea
          id="question"
          ref={field}
          value={draft}
          rows={1}
          placeholder={t('composer.placeholder')}
          aria-describedby="composer-hint"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        {streaming ? (
          <button type="button" className="stop" onClick={stop}>
            {t('composer.stop')}
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!draft.trim()}>
            {t('composer.send')}
          </button>
        )}
      </div>
      <p id="composer-hint" className="composer-hint">
        {t('composer.hint')}
      </p>
    </form>
  );
}
