// The bridge inside Electron: the preload's named functions, plus the answer
// ports the preload posts to this window (checked: from this window, with
// the preload's nonce, for an answer this page asked for).
import { AnswerPortHandoff } from '../../common/chat-contract.js';
import { AnswerEvent } from '../../common/engine-protocol.js';
import { messageOf } from '../../common/message-of.js';
import type { SightlineChatApi } from '../../preload/chat.js';
import type { ChatBridge } from './bridge.js';
import { pngBlob } from './redaction/png-blob.js';

export function electronBridge(api: SightlineChatApi): ChatBridge {
  const nonce = api.portNonce();
  const waiting = new Map<string, (port: MessagePort) => void>();

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window) return;
    const handoff = AnswerPortHandoff.safeParse(event.data);
    if (!handoff.success || handoff.data.nonce !== nonce) return;
    const port = event.ports[0];
    const waiter = waiting.get(handoff.data.answerId);
    if (!port) return;
    if (!waiter) {
      port.close();
      return;
    }
    waiting.delete(handoff.data.answerId);
    waiter(port);
  });

  return {
    kind: 'electron',
    settings: {
      get: () => api.settingsGet(),
      update: (patch) => api.settingsUpdate(patch),
      models: () => api.models(),
      download: async (id) => void (await api.download(id)),
      cancelDownload: async (id) => void (await api.cancelDownload(id)),
      removeModel: (id) => api.removeModel(id),
      useModel: (id) => api.useModel(id),
      checkBackend: (draft) => api.checkBackend(draft),
      remoteModels: (kind, baseUrl) => api.remoteModels(kind, baseUrl),
      setApiKey: (kind, apiKey) => api.setApiKey(kind, apiKey),
      onChanged: (listener) => api.onSettingsChanged(listener),
      onDownloadProgress: (listener) => api.onDownloadProgress(listener),
      onShowView: (listener) => api.onShowView(listener),
    },
    appInfo: () => api.appInfo(),
    status: () => api.status(),
    onStatusChanged: (listener) => api.onStatusChanged(listener),
    onCaptureOpened: (listener) => api.onCaptureOpened(listener),
    onDisconnect: () => () => {},
    listConversations: () => api.listConversations(),
    openConversation: (id) => api.openConversation(id),
    captureImage: async (id, capture) =>
      new Blob([new Uint8Array(await api.captureImage(id, capture))], { type: 'image/png' }),
    lookCloser: (request) => api.lookCloser(request),
    onCaptureAdded: (listener) => api.onCaptureAdded(listener),
    findSecrets: (request) => api.findSecrets(request),
    hideSecrets: (request) => api.hideSecrets(request),
    sentImage: async (request) => pngBlob((await api.sentImage(request)).pngBase64),
    copyImage: async (request) => void (await api.copyImage(request)),
    captureText: (id) => api.captureText(id),
    onCaptureTextChanged: (listener) => api.onCaptureTextChanged(listener),
    deleteConversation: async (id) => void (await api.deleteConversation(id)),
    currentConversation: async () => api.currentConversation(),
    openImage: async (image) => api.openImage(new Uint8Array(await image.arrayBuffer())),
    ask(request, onEvent) {
      let port: MessagePort | undefined;
      let ended = false;
      let stopRequested = false;
      const end = (event: AnswerEvent) => {
        if (ended) return;
        ended = true;
        waiting.delete(request.answerId);
        port?.close();
        onEvent(event);
      };
      waiting.set(request.answerId, (answerPort) => {
        port = answerPort;
        answerPort.onmessage = (message: MessageEvent) => {
          const parsed = AnswerEvent.safeParse(message.data);
          if (!parsed.success) return;
          if (parsed.data.type === 'done' || parsed.data.type === 'error') end(parsed.data);
          else if (!ended) onEvent(parsed.data);
        };
        answerPort.start();
        if (stopRequested) answerPort.postMessage({ type: 'stop' });
      });
      api.ask(request).catch((error: unknown) => {
        end({ type: 'error', error: { code: 'internal', message: reasonOf(error) } });
      });
      return {
        stop() {
          if (ended || stopRequested) return;
          stopRequested = true;
          if (port) port.postMessage({ type: 'stop' });
          else void api.stop(request.answerId).catch(() => undefined);
        },
      };
    },
    retryModel: async () => void (await api.retryModel()),
    storageNotices: () => api.storageNotices(),
    openExternal: (url) => api.openExternal(url),
    copy: async (text) => void (await api.copy(text)),
    hide: () => void api.hide().catch(() => undefined),
  };
}

/** Electron prefixes errors thrown in main: "Error invoking remote method 'x': Error: <message>". */
function reasonOf(error: unknown): string {
  return messageOf(error).replace(/^Error invoking remote method '[^']+': (?:\w*Error: )?/, '');
}
