// One conversation, in a centred reading column: the capture (CaptureCard.tsx),
// the first run's download card under it while no model is installed, the
// questions and answers, the answer being streamed, and the quick actions on a
// fresh capture (each asks at once; Question.tsx shows the question it asked).
// Captures added later (a closer look, the same region again: LaterCapture.tsx)
// sit before the first question about them, or at the end until one is asked.
// Follows the bottom while an answer streams, until the user scrolls up;
// scrolling back down (or the "latest" button) resumes it.
import { Fragment, memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordError } from './i18n/engine-errors.js';
import { quickActions, type AssistantTurn, type ChatTurn, type Conversation } from '../../common/conversation.js';
import { captureCount, captureOfTurn, laterCapturesBefore } from '../../common/conversation-captures.js';
import { CaptureCard } from './CaptureCard.js';
import { LaterCaptureView } from './LaterCapture.js';
import { CopyButton } from './CopyButton.js';
import { FirstRun } from './FirstRun.js';
import { MarkdownView } from './markdown/Markdown.js';
import { ErrorFixButton } from './ErrorFix.js';
import { MessageBoundary } from './MessageBoundary.js';
import { QuestionView } from './Question.js';
import { useChatStore } from './store.js';
import { parsedAnswer } from './store/parsed-answers.js';
import type { LiveAnswer } from './store/state.js';
import './conversation.css';

const bottomSlack = 32;

export function ConversationView({
  conversation,
  needsModel = false,
}: {
  conversation: Conversation;
  /** No model is installed yet: the first run's card sits under the capture. */
  needsModel?: boolean;
}) {
  const { t } = useTranslation();
  const live = useChatStore((state) => state.live);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [showJump, setShowJump] = useState(false);

  const ownLive = live?.conversationId === conversation.id ? live : undefined;
  const turns = conversation.turns;
  const lastUser = turns.findLastIndex((turn) => turn.role === 'user');
  const lastAnswer = turns.length - 1;
  const captures = captureCount(conversation);
  // The quick actions are offered for the latest capture until a question is asked about it
  // (a fresh capture, a closer look or a repeat not yet asked about).
  const latestAsked = turns.some((turn) => captureOfTurn(turn) === captures - 1 && turn.role === 'user');
  const laterBefore = laterCapturesBefore(conversation);
  const later = (at: number) =>
    laterBefore
      .get(at)
      ?.map((index) => <LaterCaptureView key={`capture-${index}`} conversation={conversation} index={index} />);

  // Whatever makes the content grow (tokens, a highlighted block, the
  // capture's image) or the view shrink (the status line's details, a longer
  // question) keeps the bottom in view, while following.
  useLayoutEffect(() => {
    const box = scroller.current;
    const inner = content.current;
    if (!box || !inner) return;
    const observer = new ResizeObserver(() => {
      if (following.current) box.scrollTop = box.scrollHeight;
    });
    observer.observe(inner);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  // A fresh capture shows from its top, the capture first; a new question
  // scrolls to the bottom and follows again.
  useEffect(() => {
    const fresh = turns.length === 0 && captures === 1;
    following.current = !fresh;
    setShowJump(false);
    const box = scroller.current;
    if (box) box.scrollTop = fresh ? 0 : box.scrollHeight;
  }, [turns.length, captures, conversation.id]);

  const onScroll = () => {
    const box = scroller.current;
    if (!box) return;
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight <= bottomSlack;
    following.current = atBottom;
    setShowJump(!atBottom);
  };

  return (
    <div
      className="conversation-scroll"
      ref={scroller}
      onScroll={onScroll}
      onWheel={(event) => {
        if (event.deltaY < 0) {
          following.current = false;
        }
      }}
    >
      <div className="conversation" ref={content}>
        <CaptureCard conversation={conversation} />
        {needsModel && <FirstRun compact />}
        {(turns.length > 0 || ownLive) && <h2 className="sr-only">{t('turn.heading')}</h2>}
        {turns.map((turn, i) => (
          <Fragment key={i}>
            {later(i)}
            <TurnView
              turn={turn}
              lastQuestion={i === lastUser && !live}
              lastAnswer={i === lastAnswer && turn.role === 'assistant' && !live}
            />
          </Fragment>
        ))}
        {ownLive && <LiveAnswerView live={ownLive} />}
        {later(turns.length)}
        {!latestAsked && !ownLive && <QuickActions />}
      </div>
      {showJump && (
        <button
          type="button"
          className="jump-latest"
          onClick={() => {
            following.current = true;
            setShowJump(false);
            const box = scroller.current;
            if (box) box.scrollTop = box.scrollHeight;
          }}
        >
          {t('turn.jump')}
        </button>
      )}
    </div>
  );
}

function QuickActions() {
  const { t } = useTranslation();
  const askAction = useChatStore((state) => state.askAction);
  // Disabled while an answer is being written, as Send is.
  const busy = useChatStore((state) => state.live !== undefined);
  return (
    <section className="quick-actions" aria-labelledby="quick-actions-title">
      <h2 id="quick-actions-title">{t('actions.heading')}</h2>
      <div className="quick-actions-list">
        {quickActions.map((action) => (
          <button
            key={action}
            type="button"
            title={t(`questions.${action}`)}
            disabled={busy}
            onClick={() => askAction(action, t(`questions.${action}`))}
          >
            {t(`actions.${action}`)}
          </button>
        ))}
      </div>
    </section>
  );
}

const TurnView = memo(function TurnView({
  turn,
  lastQuestion,
  lastAnswer,
}: {
  turn: ChatTurn;
  lastQuestion: boolean;
  lastAnswer: boolean;
}) {
  if (turn.role === 'user') return <QuestionView turn={turn} last={lastQuestion} />;
  return <AnswerView turn={turn} last={lastAnswer} />;
});

function AnswerView({ turn, last }: { turn: AssistantTurn; last: boolean }) {
  const { t, i18n } = useTranslation();
  const regenerate = useChatStore((state) => state.regenerate);
  return (
    <article className={`turn turn-answer turn-${turn.outcome}`} aria-label={t('turn.sightline')}>
      {turn.text && (
        <MessageBoundary text={turn.text} resetKey={turn.text}>
          <FinishedMarkdown text={turn.text} />
        </MessageBoundary>
      )}
      {turn.outcome === 'stopped' && <p className="turn-note">{t('turn.stopped')}</p>}
      {turn.outcome === 'interrupted' && <p className="turn-note">{t('turn.interrupted')}</p>}
      {turn.outcome === 'length' && <p className="turn-note">{t('turn.length')}</p>}
      {turn.outcome === 'error' && <AnswerError turn={turn} language={i18n.language} />}
      <div className="turn-actions">
        {turn.text && <CopyButton text={turn.text} label={t('turn.copy')} />}
        {last && (
          <button type="button" className="link-button" onClick={regenerate}>
            {turn.outcome === 'error' ? t('turn.retry') : t('turn.regenerate')}
          </button>
        )}
      </div>
    </article>
  );
}

/** Parsed inside the message's boundary: a failure to parse is contained like one to render. */
function FinishedMarkdown({ text }: { text: string }) {
  return <MarkdownView snapshot={parsedAnswer(text)} />;
}

function AnswerError({ turn, language }: { turn: AssistantTurn; language: string }) {
  const { t } = useTranslation();
  const { text, detail } = wordError(turn.error ?? '', turn.errorCode, language);
  return (
    <div className="turn-error" role="alert">
      <p>{t('turn.failed', { message: text })}</p>
      {detail && (
        <p className="turn-error-detail" lang="en">
          {detail}
        </p>
      )}
      <ErrorFixButton code={turn.errorCode} />
    </div>
  );
}

function LiveAnswerView({ live }: { live: LiveAnswer }) {
  const { t } = useTranslation();
  // Re-rendered once per animation frame while tokens arrive.
  useChatStore((state) => state.liveVersion);
  const phase = useChatStore((state) => state.livePhase);
  // The text, not the parse, says whether anything arrived: the phase line stays outside the boundary.
  const text = live.stream.text;
  const empty = text === '';
  return (
    <article className="turn turn-answer turn-live" aria-label={t('turn.sightline')} aria-busy="true">
      {!empty && (
        <MessageBoundary text={text} resetKey={live.answerId}>
          <LiveMarkdown live={live} />
        </MessageBoundary>
      )}
      <p className="turn-phase">{t(`turn.phase.${empty ? (phase ?? 'queued') : 'decoding'}`)}</p>
    </article>
  );
}

/** Re-rendered with its parent on every frame; parses inside the message's boundary. */
function LiveMarkdown({ live }: { live: LiveAnswer }) {
  return <MarkdownView snapshot={live.stream.snapshot()} />;
}
