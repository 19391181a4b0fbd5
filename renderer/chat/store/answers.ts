// The answers slice: asking (a question, an edited one, a quick action, or
// the last answer again) and the answer being written. The conversation shown
// is the page's copy of the host's: a question and an answer change it here by
// the same rules (chat-contract's applyQuestion/applyAnswer) as they change the
// stored one. A streaming answer is a MarkdownStream fed token by token; the page
// re-renders it at most once per animation frame (liveVersion).
import { applyAnswer, applyQuestion, maxQuestionLength, type AskRequest } from '../../../common/conversation.js';
import type { AnswerEvent } from '../../../common/engine-protocol.js';
import { chatBridge } from '../bridge-for-page.js';
import { plainText } from '../markdown/plain-text.js';
import { MarkdownStream } from '../markdown/stream.js';
import { rememberParsed } from './parsed-answers.js';
import { t } from './reason.js';
import type { AnswerSlice, ChatSlice, LiveAnswer } from './state.js';

/** The most of an answer the live region reads out once it is done. */
const announceLimit = 4000;

function newAnswerId(): string {
  return crypto.randomUUID();
}

export const createAnswerSlice: ChatSlice<AnswerSlice> = (set, get) => {
  let framePending = false;

  const scheduleFrame = () => {
    if (framePending) return;
    framePending = true;
    requestAnimationFrame(() => {
      framePending = false;
      set((state) => ({ liveVersion: state.liveVersion + 1 }));
    });
  };

  const finish = (live: LiveAnswer, event: Extract<AnswerEvent, { type: 'done' | 'error' }>) => {
    const text = live.stream.text;
    const parsedText = live.stream.finish();
    rememberParsed(text, parsedText);
    const end =
      event.type === 'done'
        ? { outcome: event.reason }
        : { outcome: 'error' as const, error: event.error.message, errorCode: event.error.code };
    const state = get();
    const conversation =
      state.conversation?.id === live.conversationId
        ? applyAnswer(state.conversation, text, end, Date.now())
        : state.conversation;
    const announcement =
      event.type === 'error'
        ? t('announce.failed', { message: event.error.message })
        : event.reason === 'stopped'
          ? t('announce.stopped')
          : t('announce.done', { text: plainText(parsedText).slice(0, announceLimit) });
    set((s) => ({
      live: undefined,
      livePhase: undefined,
      liveVersion: s.liveVersion + 1,
      conversation,
      announcement,
      focusRequest: s.focusRequest + 1,
    }));
  };

  /**
   * Empties the question field, except for a quick action (`fromButton`): that leaves what the
   * user was typing, and puts the focus in the field, as the button is gone once the question is.
   */
  const start = (request: AskRequest, fromButton = false) => {
    const state = get();
    if (!state.conversation || state.live) return;
    // To a model server, a capture's secrets are reviewed first: the question waits (redaction.ts).
    if (state.holdForReview(request, fromButton)) return;
    const applied = applyQuestion(state.conversation, request, Date.now());
    if (!applied.ok) return set({ notice: applied.reason });
    const live: LiveAnswer = {
      answerId: request.answerId,
      conversationId: request.conversationId,
      stream: new MarkdownStream(),
      handle: undefined,
    };
    set((s) => ({
      conversation: applied.conversation,
      ...(fromButton ? { focusRequest: s.focusRequest + 1 } : { draft: '' }),
      editing: false,
      live,
      livePhase: undefined,
      notice: undefined,
      announcement: t('announce.answering'),
    }));
    const onEvent = (event: AnswerEvent) => {
      if (get().live !== live) return;
      switch (event.type) {
        case 'phase':
          return set({ livePhase: event.phase });
        case 'delta':
          live.stream.append(event.text);
          return scheduleFrame();
        case 'done':
        case 'error':
          return finish(live, event);
      }
    };
    live.handle = chatBridge().ask(request, onEvent);
  };

  return {
    live: undefined,
    livePhase: undefined,
    liveVersion: 0,
    announcement: '',

    send() {
      const state = get();
      if (!state.conversation || state.live) return;
      const question = state.draft.trim();
      if (!question) return;
      if (question.length > maxQuestionLength) {
        return set({ notice: t('composer.tooLong', { count: maxQuestionLength }) });
      }
      start({
        answerId: newAnswerId(),
        conversationId: state.conversation.id,
        mode: state.editing ? 'edit' : 'ask',
        question,
      });
    },

    askAction(action, question) {
      const state = get();
      if (!state.conversation || state.live) return;
      start({ answerId: newAnswerId(), conversationId: state.conversation.id, mode: 'ask', question, action }, true);
    },

    askQuestion(question) {
      const state = get();
      if (!state.conversation || state.live) return;
      start({ answerId: newAnswerId(), conversationId: state.conversation.id, mode: 'ask', question }, true);
    },

    regenerate() {
      const state = get();
      if (!state.conversation || state.live) return;
      start({ answerId: newAnswerId(), conversationId: state.conversation.id, mode: 'regenerate' });
    },

    stop() {
      get().live?.handle?.stop();
    },

    askHeld(request, fromButton) {
      start(request, fromButton);
    },
  };
};
