// The redaction slice: hiding secrets before a capture goes to a model
// server. With a model server answering and the setting on (the default), the
// first question about a capture waits: the review opens with what the host
// found in the capture's text (common/redaction.ts), the user keeps, turns
// off or draws boxes, and Send has the host fill them — then the waiting
// question is asked, nothing retyped. Follow-ups reuse the reviewed image.
// Also: the review on demand ("Hide secrets…", whichever backend answers),
// the image that was sent (the history's "View what was sent"), and copying
// a capture's image with its hidden areas filled.
import { captureAt, captureOfRequest, withRedaction } from '../../../common/conversation-captures.js';
import { chatBridge } from '../bridge-for-page.js';
import { useSettingsStore } from '../settings/store.js';
import { reasonOf, t } from './reason.js';
import type { ChatSlice, HeldQuestion, RedactionSlice, SecretsReview } from './state.js';

/** Whether questions go to a model server with hiding on (the settings the page holds). */
export function hidingBeforeSending(): boolean {
  const settings = useSettingsStore.getState().view?.settings;
  return settings !== undefined && settings.backend.kind !== 'local' && settings.hideSecretsFromServers;
}

export const createRedactionSlice: ChatSlice<RedactionSlice> = (set, get) => {
  /** Opens the review for a capture and asks the host what it found. */
  const open = (conversationId: string, capture: number, waiting: HeldQuestion | undefined) => {
    const review: SecretsReview = { conversationId, capture, phase: 'finding', findings: [], textRead: true, waiting };
    set({ review });
    chatBridge()
      .findSecrets({ conversationId, capture })
      .then(
        (found) => {
          const current = get().review;
          if (current?.conversationId !== conversationId || current.capture !== capture) return;
          set({ review: { ...current, phase: 'ready', findings: found.findings, textRead: found.textRead } });
        },
        (error: unknown) => {
          const current = get().review;
          if (current?.conversationId !== conversationId) return;
          set({ review: { ...current, phase: 'ready', textRead: false, error: reasonOf(error) } });
        },
      );
  };

  return {
    review: undefined,
    sentImage: undefined,

    holdForReview(request, fromButton) {
      const conversation = get().conversation;
      if (!conversation || request.action === 'transcribe' || !hidingBeforeSending()) return false;
      const capture = captureOfRequest(conversation, request);
      if (captureAt(conversation, capture)?.redaction) return false;
      open(conversation.id, capture, { request, fromButton });
      return true;
    },

    reviewSecrets(capture) {
      const conversation = get().conversation;
      if (!conversation || get().live) return;
      open(conversation.id, capture, undefined);
    },

    async confirmReview(boxes) {
      const review = get().review;
      if (!review || review.phase !== 'ready') return;
      set({ review: { ...review, phase: 'hiding', error: undefined } });
      try {
        const redaction = await chatBridge().hideSecrets({
          conversationId: review.conversationId,
          capture: review.capture,
          boxes,
        });
        const conversation = get().conversation;
        set({
          review: undefined,
          ...(conversation?.id === review.conversationId
            ? { conversation: withRedaction(conversation, review.capture, redaction) }
            : {}),
          announcement: t('redaction.hiddenCount', { count: boxes.length }),
        });
        if (review.waiting) get().askHeld(review.waiting.request, review.waiting.fromButton);
      } catch (error) {
        const current = get().review;
        if (current === undefined) return;
        set({ review: { ...current, phase: 'ready', error: reasonOf(error) } });
      }
    },

    cancelReview() {
      if (!get().review) return;
      // A question that waited goes back where it was: a typed one is still in the field.
      set((state) => ({ review: undefined, focusRequest: state.focusRequest + 1 }));
    },

    async viewSentImage(capture) {
      const conversation = get().conversation;
      if (!conversation) return;
      try {
        const image = await chatBridge().sentImage({ conversationId: conversation.id, capture });
        const previous = get().sentImage;
        if (previous) URL.revokeObjectURL(previous.url);
        set({ sentImage: { conversationId: conversation.id, capture, url: URL.createObjectURL(image) } });
      } catch (error) {
        set({ notice: reasonOf(error) });
      }
    },

    closeSentImage() {
      const previous = get().sentImage;
      if (previous) URL.revokeObjectURL(previous.url);
      set((state) => ({ sentImage: undefined, focusRequest: state.focusRequest + 1 }));
    },

    async copyImage(capture) {
      const conversation = get().conversation;
      if (!conversation) return;
      try {
        await chatBridge().copyImage({ conversationId: conversation.id, capture, hidden: true });
        set({ announcement: t('redaction.copied') });
      } catch (error) {
        set({ notice: reasonOf(error) });
        throw error;
      }
    },
  };
};
