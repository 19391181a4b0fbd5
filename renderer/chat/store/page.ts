// The page slice: what the page shows around the conversation — which view
// (conversation, history, settings), an in-page dialog, a notice line, where
// the focus goes — and what it does for an answer: links (checked, then
// confirmed), the clipboard, and Esc.
import { checkExternalUrl } from '../../../common/external-url.js';
import { chatBridge } from '../bridge-for-page.js';
import { reasonOf, t } from './reason.js';
import type { ChatSlice, PageSlice } from './state.js';

export const createPageSlice: ChatSlice<PageSlice> = (set, get) => ({
  view: 'conversation',
  dialog: undefined,
  notice: undefined,
  focusRequest: 0,

  showSettings() {
    set({ view: 'settings' });
  },

  showConversation() {
    set((state) => ({ view: 'conversation', focusRequest: state.focusRequest + 1 }));
  },

  openDialog(dialog) {
    set({ dialog });
  },

  closeDialog() {
    set((state) => ({ dialog: undefined, focusRequest: state.focusRequest + 1 }));
  },

  requestLink(url) {
    const checked = checkExternalUrl(url);
    if (!checked.ok) return set({ notice: t('link.refused', { reason: reasonOf(checked.reason) }) });
    set({ dialog: { kind: 'link', url: checked.url } });
  },

  async confirmLink() {
    const dialog = get().dialog;
    if (dialog?.kind !== 'link') return;
    set({ dialog: undefined });
    try {
      const reply = await chatBridge().openExternal(dialog.url);
      if (!reply.ok) set({ notice: t('link.refused', { reason: reasonOf(reply.reason) }) });
    } catch (error) {
      set({ notice: reasonOf(error) });
    }
  },

  async copy(text) {
    try {
      await chatBridge().copy(text);
    } catch (error) {
      set({ notice: reasonOf(error) });
      throw error;
    }
  },

  dismissNotice() {
    set({ notice: undefined });
  },

  escape() {
    const state = get();
    if (state.dialog) return state.closeDialog();
    if (state.live) return state.stop();
    if (state.editing) return state.cancelEdit();
    if (state.view === 'history' && state.conversation) return state.showConversation();
    if (state.view === 'settings') return state.showConversation();
    chatBridge().hide();
  },
});
