// The bridge of a page with no app behind it (opened from a file, or served by
// something other than the web host): every request fails with the reason,
// so the page says plainly that it is not connected.
import { notConnected, type ChatBridge } from './bridge.js';

export function disconnectedBridge(reason: string = notConnected): ChatBridge {
  const fail = () => Promise.reject(new Error(reason));
  return {
    kind: 'none',
    settings: {
      get: fail,
      update: fail,
      models: fail,
      download: fail,
      cancelDownload: fail,
      removeModel: fail,
      useModel: fail,
      checkBackend: fail,
      remoteModels: fail,
      setApiKey: fail,
      onChanged: () => () => {},
      onDownloadProgress: () => () => {},
      onShowView: () => () => {},
    },
    appInfo: fail,
    status: fail,
    onStatusChanged: () => () => {},
    onCaptureOpened: () => () => {},
    onDisconnect: () => () => {},
    listConversations: fail,
    openConversation: fail,
    captureImage: fail,
    lookCloser: fail,
    onCaptureAdded: () => () => {},
    findSecrets: fail,
    hideSecrets: fail,
    sentImage: fail,
    copyImage: fail,
    captureText: fail,
    onCaptureTextChanged: () => () => {},
    deleteConversation: fail,
    currentConversation: fail,
    ask: (_request, onEvent) => {
      queueMicrotask(() => onEvent({ type: 'error', error: { code: 'internal', message: reason } }));
      return { stop: () => {} };
    },
    retryModel: fail,
    storageNotices: fail,
    openExternal: fail,
    copy: fail,
    hide: () => {},
  };
}
