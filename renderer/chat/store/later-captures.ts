// The later captures slice: the open conversation's captures after its first
// (common/conversation-captures.ts) — a closer look from the zoom, the same
// region captured again — their images (fetched once per conversation
// opened), the host's word that one was added, and "Look closer": the
// region (in the capture's own pixels) goes to the host, which cuts it from
// the full-resolution capture, and the page then asks about it.
import type { CaptureAdded } from '../../../common/chat-contract.js';
import type { CaptureRect, Conversation } from '../../../common/conversation.js';
import { captureCount } from '../../../common/conversation-captures.js';
import { chatBridge } from '../bridge-for-page.js';
import { reasonOf, t } from './reason.js';
import type { ChatSlice, ChatState, LaterCapturesSlice } from './state.js';

/** Capture `index`'s image URL in the open conversation (0: its first capture's), once fetched. */
export function captureImageUrl(state: ChatState, conversationId: string, index: number): string | undefined {
  if (index === 0) return state.imageUrl;
  return state.laterImages?.conversationId === conversationId ? state.laterImages.urls[index] : undefined;
}

export const createLaterCapturesSlice: ChatSlice<LaterCapturesSlice> = (set, get) => {
  /** Fetches the images of the open conversation's later captures it does not have yet. */
  const fetchImages = async (conversation: Conversation) => {
    const known = get().laterImages;
    const urls = known?.conversationId === conversation.id ? known.urls : {};
    for (let index = 1; index < captureCount(conversation); index++) {
      if (urls[index]) continue;
      const image = await chatBridge()
        .captureImage(conversation.id, index)
        .catch(() => undefined);
      if (!image || get().conversation?.id !== conversation.id) return;
      const url = URL.createObjectURL(image);
      set((state) => ({
        laterImages: {
          conversationId: conversation.id,
          urls: {
            ...(state.laterImages?.conversationId === conversation.id ? state.laterImages.urls : {}),
            [index]: url,
          },
        },
      }));
    }
  };

  /** The open conversation with the host's later captures (the page's copy may lack one it was just told of). */
  const withHostCaptures = (host: Conversation) => {
    const open = get().conversation;
    if (!open || open.id !== host.id) return;
    if ((host.laterCaptures?.length ?? 0) <= (open.laterCaptures?.length ?? 0)) return;
    set({ conversation: { ...open, laterCaptures: host.laterCaptures } });
  };

  return {
    laterImages: undefined,
    lookingCloser: false,

    loadLaterCaptures(conversation) {
      const known = get().laterImages;
      if (known && known.conversationId !== conversation.id) {
        for (const url of Object.values(known.urls)) URL.revokeObjectURL(url);
        set({ laterImages: undefined });
      }
      void fetchImages(conversation);
    },

    captureAdded(added: CaptureAdded) {
      const open = get().conversation;
      const shown = open?.id === added.conversationId && get().view === 'conversation';
      // The same region captured again shows, as a new capture does, from history or settings too.
      if (added.info.origin === 'repeat' && !shown) {
        void get().openConversation(added.conversationId);
        return;
      }
      if (open?.id !== added.conversationId) return;
      const later = [...(open.laterCaptures ?? [])];
      if (later.length >= added.capture) return;
      if (later.length !== added.capture - 1) {
        // Out of step with the host: read the conversation again.
        void chatBridge()
          .openConversation(open.id)
          .then(withHostCaptures)
          .then(() => fetchImages(get().conversation ?? open))
          .catch(() => undefined);
        return;
      }
      const conversation = { ...open, laterCaptures: [...later, added.info] };
      set({ conversation });
      void fetchImages(conversation);
    },

    async lookCloser(capture: number, rect: CaptureRect) {
      const state = get();
      const open = state.conversation;
      if (!open || state.live || state.lookingCloser) return;
      set({ lookingCloser: true });
      try {
        withHostCaptures(await chatBridge().lookCloser({ conversationId: open.id, capture, rect }));
      } catch (error) {
        set({ lookingCloser: false, notice: reasonOf(error) });
        return;
      }
      set({ lookingCloser: false });
      get().closeDialog();
      const conversation = get().conversation;
      if (conversation) void fetchImages(conversation);
      get().askQuestion(t('closerLook.question'));
    },
  };
};
