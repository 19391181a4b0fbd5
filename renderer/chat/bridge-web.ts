// The bridge in a plain browser, served by the development web host: every
// request and event (the model's status, new captures and their text, answers,
// settings) over one WebSocket to the host (web-host), images over http from
// the same host, the clipboard through the browser.
import {
  ServerFrame,
  captureImagePath,
  devCapturePath,
  webMethodSchemas,
  type WebMethod,
  type WebReply,
} from '../../common/chat-web-contract.js';
import { type CaptureAdded, type CaptureTextChange, type ChatStatus } from '../../common/chat-contract.js';
import { ConversationId, type ConversationSummary } from '../../common/conversation.js';
import { captureAt } from '../../common/conversation-captures.js';
import { OpenImageReply } from '../../common/open-image.js';
import {
  settingsEventChannels,
  type AppView,
  type DownloadEvent,
  type SettingsView,
} from '../../common/settings-contract.js';
import type { AnswerEvent } from '../../common/engine-protocol.js';
import { messageOf } from '../../common/message-of.js';
import { connectionLost, notConnected, type ChatBridge } from './bridge.js';
import { pngBlob } from './redaction/png-blob.js';

interface Pending {
  method: WebMethod;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function webSocketBridge(url: string): ChatBridge {
  const socket = new WebSocket(url);
  let nextId = 1;
  let closedReason: string | undefined;
  let wasOpen = false;
  const pending = new Map<number, Pending>();
  const answers = new Map<string, (event: AnswerEvent) => void>();
  const statusListeners = new Set<(status: ChatStatus) => void>();
  const captureListeners = new Set<(conversation: ConversationSummary) => void>();
  const captureTextListeners = new Set<(change: CaptureTextChange) => void>();
  const addedListeners = new Set<(added: CaptureAdded) => void>();
  const disconnectListeners = new Set<(reason: string) => void>();
  const changedListeners = new Set<(view: SettingsView) => void>();
  const downloadListeners = new Set<(event: DownloadEvent) => void>();
  const viewListeners = new Set<(view: AppView) => void>();
  const listen = <T>(listeners: Set<(value: T) => void>, listener: (value: T) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener(
      'open',
      () => {
        wasOpen = true;
        resolve();
      },
      { once: true },
    );
    socket.addEventListener('close', () => reject(new Error(notConnected)), { once: true });
  });
  opened.catch(() => undefined);

  socket.addEventListener('message', (message: MessageEvent) => {
    let frame: ServerFrame;
    try {
      const parsed = ServerFrame.safeParse(JSON.parse(String(message.data)));
      if (!parsed.success) return;
      frame = parsed.data;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'result':
      case 'failure': {
        const call = pending.get(frame.id);
        if (!call) return;
        pending.delete(frame.id);
        if (frame.type === 'failure') return call.reject(new Error(frame.message));
        const reply = webMethodSchemas[call.method].reply.safeParse(frame.result);
        if (reply.success) call.resolve(reply.data);
        else call.reject(new Error(`The host sent a malformed reply to ${call.method}.`));
        return;
      }
      case 'status':
        for (const listener of statusListeners) listener(frame.status);
        return;
      case 'capture':
        for (const listener of captureListeners) listener(frame.conversation);
        return;
      case 'capture-text':
        for (const listener of captureTextListeners) listener(frame.change);
        return;
      case 'capture-added':
        for (const listener of addedListeners) listener(frame.added);
        return;
      case 'event': {
        const parsed = settingsEventChannels[frame.channel].safeParse(frame.payload);
        if (!parsed.success) return;
        const payload = parsed.data;
        if (frame.channel === 'settings:changed') for (const l of changedListeners) l(payload as SettingsView);
        else if (frame.channel === 'settings:download-progress') {
          for (const l of downloadListeners) l(payload as DownloadEvent);
        } else for (const l of viewListeners) l((payload as { view: AppView }).view);
        return;
      }
      case 'answer': {
        const onEvent = answers.get(frame.answerId);
        if (!onEvent) return;
        if (frame.event.type === 'done' || frame.event.type === 'error') answers.delete(frame.answerId);
        onEvent(frame.event);
        return;
      }
    }
  });

  socket.addEventListener('close', () => {
    closedReason = connectionLost;
    for (const call of pending.values()) call.reject(new Error(closedReason));
    pending.clear();
    for (const onEvent of answers.values()) {
      onEvent({ type: 'error', error: { code: 'internal', message: closedReason } });
    }
    answers.clear();
    if (wasOpen) for (const listener of disconnectListeners) listener(closedReason);
  });

  async function call<M extends WebMethod>(method: M, params?: unknown): Promise<WebReply<M>> {
    await opened;
    if (closedReason !== undefined || socket.readyState !== WebSocket.OPEN) {
      throw new Error(closedReason ?? notConnected);
    }
    const id = nextId++;
    return new Promise<WebReply<M>>((resolve, reject) => {
      pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, ...(params !== undefined ? { params } : {}) }));
    });
  }

  return {
    kind: 'web',
    settings: {
      get: () => call('settings:get'),
      update: (patch) => call('settings:update', patch),
      models: () => call('settings:models'),
      download: async (id) => void (await call('settings:download', { id })),
      cancelDownload: async (id) => void (await call('settings:cancel-download', { id })),
      removeModel: (id) => call('settings:remove-model', { id }),
      useModel: (id) => call('settings:use-model', { id }),
      checkBackend: (draft) => call('settings:check-backend', draft),
      remoteModels: (kind, baseUrl) => call('settings:remote-models', { kind, baseUrl }),
      setApiKey: (kind, apiKey) => call('settings:set-api-key', { kind, apiKey }),
      onChanged: (listener) => listen(changedListeners, listener),
      onDownloadProgress: (listener) => listen(downloadListeners, listener),
      onShowView: (listener) => listen(viewListeners, listener),
    },
    appInfo: () => call('app:info'),
    status: () => call('chat:status'),
    onStatusChanged: (listener) => listen(statusListeners, listener),
    onCaptureOpened: (listener) => listen(captureListeners, listener),
    onDisconnect: (listener) => listen(disconnectListeners, listener),
    listConversations: () => call('chat:list-conversations'),
    openConversation: (conversationId) => call('chat:open-conversation', { conversationId }),
    async captureImage(conversationId, capture = 0) {
      if (!ConversationId.safeParse(conversationId).success) throw new Error('No such capture.');
      const response = await fetch(captureImagePath(conversationId, capture));
      if (!response.ok) throw new Error('This capture no longer exists.');
      return response.blob();
    },
    findSecrets: (request) => call('chat:find-secrets', request),
    hideSecrets: (request) => call('chat:hide-secrets', request),
    sentImage: async (request) => pngBlob((await call('chat:sent-image', request)).pngBase64),
    // A browser page copies images itself (the async clipboard; localhost is a secure context).
    async copyImage({ conversationId, capture, hidden }) {
      const conversation = await call('chat:open-conversation', { conversationId });
      const filled = hidden && captureAt(conversation, capture)?.redaction !== undefined;
      const png = filled
        ? pngBlob((await call('chat:sent-image', { conversationId, capture })).pngBase64)
        : await (await fetch(captureImagePath(conversationId, capture))).blob();
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
    },
    captureText: (conversationId) => call('chat:capture-text', { conversationId }),
    onCaptureTextChanged: (listener) => listen(captureTextListeners, listener),
    lookCloser: (request) => call('chat:look-closer', request),
    onCaptureAdded: (listener) => listen(addedListeners, listener),
    deleteConversation: async (conversationId) => void (await call('chat:delete-conversation', { conversationId })),
    currentConversation: () => call('chat:current-conversation'),
    ask(request, onEvent) {
      let ended = false;
      const deliver = (event: AnswerEvent) => {
        if (ended) return;
        if (event.type === 'done' || event.type === 'error') ended = true;
        onEvent(event);
      };
      answers.set(request.answerId, deliver);
      call('chat:ask', request).catch((error: unknown) => {
        answers.delete(request.answerId);
        deliver({ type: 'error', error: { code: 'internal', message: messageOf(error) } });
      });
      return {
        stop: () => {
          if (!ended) void call('chat:stop', { answerId: request.answerId }).catch(() => undefined);
        },
      };
    },
    retryModel: async () => void (await call('chat:retry-model')),
    storageNotices: () => call('chat:storage-notices'),
    openExternal: (url) => call('chat:open-external', { url }),
    copy: (text) => navigator.clipboard.writeText(text),
    hide: () => {},
    // Over http, not the socket: an image is larger than a socket frame may be.
    async openImage(image) {
      const response = await fetch(devCapturePath, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: image,
      });
      const body: unknown = await response.json().catch(() => undefined);
      const reply = OpenImageReply.safeParse(body);
      if (!reply.success) throw new Error(`The host could not open the image (HTTP ${response.status}).`);
      return reply.data;
    },
  };
}
