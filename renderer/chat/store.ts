import { create } from 'zustand';
import type { AppInfo } from '../../main/core/ipc-contract.js';
import { chatBridge } from './bridge.js';

type Connection =
  { state: 'connecting' } | { state: 'connected'; info: AppInfo } | { state: 'offline'; reason: string };

interface ChatState {
  connection: Connection;
  connect: () => Promise<void>;
}

export const useChatStore = create<ChatState>((set) => ({
  connection: { state: 'connecting' },
  connect: async () => {
    try {
      set({ connection: { state: 'connected', info: await chatBridge().appInfo() } });
    } catch (error) {
      set({ connection: { state: 'offline', reason: error instanceof Error ? error.message : String(error) } });
    }
  },
}));
