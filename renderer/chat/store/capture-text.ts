// The capture text slice: what the text layer read from the open
// conversation's capture (being read, read, or not readable), asked for when
// a conversation opens and replaced when the host says a reading ended; and
// whether the page draws it over the capture ("Show text").
import type { CaptureTextState } from '../../../common/capture-text.js';
import { chatBridge } from '../bridge-for-page.js';
import { reasonOf } from './reason.js';
import type { CaptureTextSlice, ChatSlice } from './state.js';

export const createCaptureTextSlice: ChatSlice<CaptureTextSlice> = (set, get) => ({
  captureText: undefined,
  showCaptureText: false,

  async loadCaptureText(conversationId) {
    // Another capture starts with its text hidden: the preview stays small until asked.
    if (get().captureText?.conversationId !== conversationId) {
      set({ captureText: undefined, showCaptureText: false });
    }
    let state: CaptureTextState;
    try {
      state = await chatBridge().captureText(conversationId);
    } catch (error) {
      state = { state: 'failed', reason: reasonOf(error) };
    }
    set((current) => {
      if (current.conversation?.id !== conversationId) return {};
      // A reading that ended while the request was on its way is newer than the reply.
      const known = current.captureText;
      if (known?.conversationId === conversationId && known.state.state !== 'reading') return {};
      return { captureText: { conversationId, state } };
    });
  },

  captureTextChanged(change) {
    if (get().conversation?.id !== change.conversationId) return;
    set({ captureText: { conversationId: change.conversationId, state: change.text } });
  },

  toggleCaptureText() {
    set((state) => ({ showCaptureText: !state.showCaptureText }));
  },
});
