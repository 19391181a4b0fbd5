// One of the user's questions in the conversation. A quick action's shows as
// its short label (in the page's language) rather than its long prompt; the
// prompt, as it was sent, is its tooltip and opens under it with a disclosure
// button. "Edit question" (the last one only) puts the full text in the field.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserTurn } from '../../common/conversation.js';
import { useChatStore } from './store.js';

export function QuestionView({ turn, last }: { turn: UserTurn; last: boolean }) {
  const { t } = useTranslation();
  const startEdit = useChatStore((state) => state.startEdit);
  const [showPrompt, setShowPrompt] = useState(false);
  const promptId = useId();
  return (
    <article className="turn turn-user" aria-label={t('turn.you')}>
      {turn.action ? (
        <>
          <p className="question question-action" title={turn.text}>
            {t(`actions.${turn.action}`)}
          </p>
          <button
            type="button"
            className="link-button prompt-toggle"
            aria-expanded={showPrompt}
            aria-controls={promptId}
            onClick={() => setShowPrompt((shown) => !shown)}
          >
            <span className="prompt-toggle-mark" aria-hidden="true" />
            {t('turn.showPrompt')}
          </button>
          <p id={promptId} className="question question-prompt" hidden={!showPrompt}>
            {turn.text}
          </p>
        </>
      ) : (
        <p className="question">{turn.text}</p>
      )}
      {last && (
        <div className="turn-actions">
          <button type="button" className="link-button" onClick={startEdit}>
            {t('turn.edit')}
          </button>
        </div>
      )}
    </article>
  );
}
