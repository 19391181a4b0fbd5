// The history slice: the saved conversations, most recent first; deleting one
// (after the page asks); keeping none (after the page asks: it deletes them
// all). Whether history is kept is one of the app's settings (historyDays),
// read from the settings view and written as the settings page writes it.
import type { SettingsPatch } from '../../../common/settings-contract.js';
import { chatBridge } from '../bridge-for-page.js';
import { useSettingsStore } from '../settings/store.js';
import { reasonOf } from './reason.js';
import type { ChatSlice, HistorySlice } from './state.js';

/**
 * The change that keeps conversations or keeps none. "None" is historyDays 0;
 * keeping them again keeps a limit in days there was, and otherwise keeps
 * them all (no limit).
 */
export function keepHistoryPatch(keep: boolean, historyDays: number | undefined): SettingsPatch {
  if (!keep) return { historyDays: 0 };
  return historyDays === 0 ? { historyDays: null } : {};
}

export const createHistorySlice: ChatSlice<HistorySlice> = (set, get) => {
  const writeKeepHistory = async (keep: boolean) => {
    const settings = useSettingsStore.getState();
    if (!settings.view) return;
    try {
      const reply = await settings.save(keepHistoryPatch(keep, settings.view.settings.historyDays));
      if (!reply.ok) set({ notice: reply.reason });
    } catch (error) {
      set({ notice: reasonOf(error) });
    }
    await get().refreshHistory();
  };

  return {
    history: [],

    async showHistory() {
      set({ view: 'history' });
      await get().refreshHistory();
    },

    async refreshHistory() {
      try {
        set({ history: await chatBridge().listConversations() });
      } catch (error) {
        set({ notice: reasonOf(error) });
      }
      await get().refreshStorageNotices();
    },

    askDeleteConversation(conversationId, title) {
      set({ dialog: { kind: 'delete-conversation', conversationId, title } });
    },

    async deleteConversation(conversationId) {
      if (get().dialog?.kind === 'delete-conversation') set({ dialog: undefined });
      try {
        await chatBridge().deleteConversation(conversationId);
        if (get().conversation?.id === conversationId) {
          const url = get().imageUrl;
          if (url) URL.revokeObjectURL(url);
          set({ conversation: undefined, imageUrl: undefined });
        }
      } catch (error) {
        set({ notice: reasonOf(error) });
      }
      await get().refreshHistory();
    },

    async setKeepHistory(keep) {
      if (!useSettingsStore.getState().view) return;
      if (!keep) return set({ dialog: { kind: 'keep-off' } });
      await writeKeepHistory(true);
    },

    async confirmKeepOff() {
      set({ dialog: undefined });
      await writeKeepHistory(false);
    },
  };
};
