// The conversation slice: the conversation shown and its capture (opened from
// a new capture or from history; its text is capture-text.ts's), and the
// question being written — typed, or the last one being edited.
import { chatBridge } from '../bridge-for-page.js';
import { reasonOf } from './reason.js';
import type { ChatSlice, ConversationSlice } from './state.js';

export const createConversationSlice: ChatSlice<ConversationSlice> = (set, get) => ({
  conversation: undefined,
  imageUrl: undefined,
  draft: '',
  editing: false,

  async openConversation(conversationId) {
    try {
      const bridge = chatBridge();
      const conversation = await bridge.openConversation(conversationId);
      const image = await bridge.captureImage(conversationId).catch(() => undefined);
      const previous = get().imageUrl;
      if (previous) URL.revokeObjectURL(previous);
      set((state) => ({
        conversation,
        imageUrl: image ? URL.createObjectURL(image) : undefined,
        view: 'conversation',
        draft: '',
        editing: false,
        notice: undefined,
        dialog: undefined,
        focusRequest: state.focusRequest + 1,
      }));
      void get().loadCaptureText(conversationId);
      get().loadLaterCaptures(conversation);
    } catch (error) {
      set({ notice: reasonOf(error) });
      // Deleted elsewhere (another window, the web host's other page): the list shown drops it too.
      if (get().view === 'history') void get().refreshHistory();
    }
  },

  setDraft(text) {
    set({ draft: text });
  },

  startEdit() {
    const state = get();
    const last = state.conversation?.turns.findLast((turn) => turn.role === 'user');
    if (!last || state.live) return;
    set({ editing: true, draft: last.text, focusRequest: state.focusRequest + 1 });
  },

  cancelEdit() {
    set((state) => ({ editing: false, draft: '', focusRequest: state.focusRequest + 1 }));
  },
});
