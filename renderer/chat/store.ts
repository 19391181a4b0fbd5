// The chat page's store: one zustand store made of the slices in store/ (each
// file one job; store/state.ts lists what each holds). Components read it with
// useChatStore(selector), as one store.
import { create } from 'zustand';
import { setMarkdownActions } from './markdown/actions.js';
import { createAnswerSlice } from './store/answers.js';
import { createCaptureTextSlice } from './store/capture-text.js';
import { createConnectionSlice } from './store/connection.js';
import { createConversationSlice } from './store/conversation.js';
import { createHistorySlice } from './store/history.js';
import { createLaterCapturesSlice } from './store/later-captures.js';
import { createPageSlice } from './store/page.js';
import { createRedactionSlice } from './store/redaction.js';
import type { ChatState } from './store/state.js';
import { createStorageNoticesSlice } from './store/storage-notices.js';

export const useChatStore = create<ChatState>()((...slice) => ({
  ...createConnectionSlice(...slice),
  ...createConversationSlice(...slice),
  ...createCaptureTextSlice(...slice),
  ...createAnswerSlice(...slice),
  ...createRedactionSlice(...slice),
  ...createLaterCapturesSlice(...slice),
  ...createHistorySlice(...slice),
  ...createPageSlice(...slice),
  ...createStorageNoticesSlice(...slice),
}));

// Links and copy buttons in answers go through the page's confirmation and notices.
setMarkdownActions({
  openLink: (url) => useChatStore.getState().requestLink(url),
  copy: (text) => useChatStore.getState().copy(text),
});
