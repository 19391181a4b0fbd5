// The storage notices slice: the user's files the app could not read
// (a settings file reset to defaults, conversations skipped), read again with
// the history; one the user dismissed stays dismissed (by kind and file).
import type { StorageNotice } from '../../../common/chat-contract.js';
import { chatBridge } from '../bridge-for-page.js';
import type { ChatSlice, StorageNoticesSlice } from './state.js';

const noticeKey = (item: StorageNotice) =>
  `${item.kind}:${item.kind === 'settings-reset' ? item.keptAside : item.file}`;

export const createStorageNoticesSlice: ChatSlice<StorageNoticesSlice> = (set, get) => {
  const dismissed = new Set<string>();
  return {
    storageNotices: [],

    async refreshStorageNotices() {
      const notices = await chatBridge()
        .storageNotices()
        .catch(() => []);
      set({ storageNotices: notices.filter((item) => !dismissed.has(noticeKey(item))) });
    },

    dismissStorageNotices(kind) {
      const { storageNotices } = get();
      for (const item of storageNotices) if (item.kind === kind) dismissed.add(noticeKey(item));
      set({ storageNotices: storageNotices.filter((item) => item.kind !== kind) });
    },
  };
};
