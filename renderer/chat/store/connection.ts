// The connection slice: reaches the app once per page, listens to it (the
// model's status, a new capture, a capture's text read, the host going away)
// and loads what the page shows first.
import { chatBridge } from '../bridge-for-page.js';
import { reasonOf } from './reason.js';
import type { ChatSlice, ConnectionSlice } from './state.js';

export const createConnectionSlice: ChatSlice<ConnectionSlice> = (set, get) => {
  let connecting = false;
  return {
    connection: { state: 'connecting' },
    status: undefined,

    async connect() {
      if (connecting) return;
      connecting = true;
      const bridge = chatBridge();
      bridge.onStatusChanged((status) => set({ status }));
      bridge.onCaptureOpened((summary) => {
        void get().openConversation(summary.id);
        if (get().view === 'history') void get().refreshHistory();
      });
      bridge.onCaptureTextChanged((change) => get().captureTextChanged(change));
      bridge.onCaptureAdded((added) => get().captureAdded(added));
      bridge.onDisconnect((reason) => set({ connection: { state: 'offline', reason: reasonOf(new Error(reason)) } }));
      try {
        const info = await bridge.appInfo();
        set({ connection: { state: 'connected', info } });
        const [status, history] = await Promise.all([bridge.status(), bridge.listConversations()]);
        // A status event that came meanwhile is newer than the reply.
        set((state) => ({ status: state.status ?? status, history }));
        await get().refreshStorageNotices();
      } catch (error) {
        set({ connection: { state: 'offline', reason: reasonOf(error) } });
      }
    },

    retryModel() {
      chatBridge()
        .retryModel()
        .catch((error: unknown) => set({ notice: reasonOf(error) }));
    },
  };
};
