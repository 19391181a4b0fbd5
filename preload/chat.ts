// Preload of the chat window: the page's only door to the app. It exposes
// named functions, never ipcRenderer itself, and checks what main sends back.
//
// An answer's tokens do not come through here one by one: main sends each
// answer a MessagePort ('chat:answer-port'). contextBridge cannot carry a
// port, so the preload hands it to the page with window.postMessage, tagged
// with a nonce only this preload and the page's bridge know (Electron's
// "MessagePorts" guide, "communicating directly between the main process and
// the main world of a context-isolated page").
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  chatEventChannels,
  chatInvokeChannels,
  type AnswerPortHandoff,
  type ByCapture,
  type CopyImageRequest,
  type HideSecretsRequest,
  type CaptureAdded,
  type CaptureTextChange,
  type ChatInvokeChannel,
  type ChatStatus,
  type LookCloserRequest,
} from '../common/chat-contract.js';
import { type AskRequest, type ConversationSummary } from '../common/conversation.js';
import {
  settingsEventChannels,
  settingsInvokeChannels,
  type AppView,
  type DownloadEvent,
  type RemoteBackendDraft,
  type RemoteKind,
  type SettingsInvokeChannel,
  type SettingsPatch,
  type SettingsView,
} from '../common/settings-contract.js';
import type * as z from 'zod/mini';
import { appInfo } from './shared/app-info.js';

const channels = { ...chatInvokeChannels, ...settingsInvokeChannels };
type Channel = ChatInvokeChannel | SettingsInvokeChannel;
type Reply<C extends Channel> = z.infer<(typeof channels)[C]['reply']>;

async function invoke<C extends Channel>(channel: C, payload?: unknown): Promise<Reply<C>> {
  const reply: unknown = await ipcRenderer.invoke(channel, payload);
  return channels[channel].reply.parse(reply) as Reply<C>;
}

// Events main sends the page (the answer port has its own handling below).
const events = {
  'chat:status-changed': chatEventChannels['chat:status-changed'],
  'chat:capture-opened': chatEventChannels['chat:capture-opened'],
  'chat:capture-text-changed': chatEventChannels['chat:capture-text-changed'],
  'chat:capture-added': chatEventChannels['chat:capture-added'],
  ...settingsEventChannels,
};
type EventChannel = keyof typeof events;

/** An event from main, checked against its schema before the page sees it. */
function subscribe<C extends EventChannel>(
  channel: C,
  listener: (value: z.infer<(typeof events)[C]>) => void,
): () => void {
  const schema = events[channel];
  const handler = (_event: IpcRendererEvent, payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (parsed.success) listener(parsed.data as z.infer<(typeof events)[C]>);
  };
  ipcRenderer.on(channel, handler);
  return () => void ipcRenderer.removeListener(channel, handler);
}

const nonce = crypto.randomUUID();

ipcRenderer.on('chat:answer-port', (event: IpcRendererEvent, payload: unknown) => {
  const parsed = chatEventChannels['chat:answer-port'].safeParse(payload);
  const port = event.ports[0];
  if (!parsed.success || !port || event.ports.length !== 1) {
    for (const stray of event.ports) stray.close();
    return;
  }
  const handoff: AnswerPortHandoff = { sightline: 'answer-port', nonce, answerId: parsed.data.answerId };
  window.postMessage(handoff, window.location.origin, [port]);
});

// Each function is named after its channel, without the channel's prefix
// where the name stays clear ('chat:retry-model' is retryModel); the page's
// bridge uses the same names (renderer/chat/bridge.ts).
const api = {
  appInfo,
  /** Tags the answer ports this preload posts to the page. */
  portNonce: (): string => nonce,
  status: () => invoke('chat:status'),
  onStatusChanged: (listener: (status: ChatStatus) => void) => subscribe('chat:status-changed', listener),
  onCaptureOpened: (listener: (conversation: ConversationSummary) => void) =>
    subscribe('chat:capture-opened', listener),
  listConversations: () => invoke('chat:list-conversations'),
  openConversation: (conversationId: string) => invoke('chat:open-conversation', { conversationId }),
  captureImage: (conversationId: string, capture?: number) =>
    invoke('chat:capture-image', { conversationId, ...(capture ? { capture } : {}) }),
  /** A closer look at a region of a capture, added as the conversation's latest capture. */
  lookCloser: (request: LookCloserRequest) => invoke('chat:look-closer', request),
  onCaptureAdded: (listener: (added: CaptureAdded) => void) => subscribe('chat:capture-added', listener),
  captureText: (conversationId: string) => invoke('chat:capture-text', { conversationId }),
  onCaptureTextChanged: (listener: (change: CaptureTextChange) => void) =>
    subscribe('chat:capture-text-changed', listener),
  deleteConversation: (conversationId: string) => invoke('chat:delete-conversation', { conversationId }),
  currentConversation: () => invoke('chat:current-conversation'),
  /** An image file's bytes (chosen, pasted or dropped), opened as a new capture. */
  openImage: (bytes: Uint8Array) => invoke('chat:open-image', { bytes }),
  /** Starts an answer; its port arrives through window.postMessage. */
  ask: (request: AskRequest) => invoke('chat:ask', request),
  stop: (answerId: string) => invoke('chat:stop', { answerId }),
  retryModel: () => invoke('chat:retry-model'),
  storageNotices: () => invoke('chat:storage-notices'),
  openExternal: (url: string) => invoke('chat:open-external', { url }),
  copy: (text: string) => invoke('chat:copy', { text }),
  // Hiding secrets before a capture goes to a model server (common/redaction.ts).
  findSecrets: (request: ByCapture) => invoke('chat:find-secrets', request),
  hideSecrets: (request: HideSecretsRequest) => invoke('chat:hide-secrets', request),
  sentImage: (request: ByCapture) => invoke('chat:sent-image', request),
  copyImage: (request: CopyImageRequest) => invoke('chat:copy-image', request),
  hide: () => invoke('chat:hide'),
  // The settings panel (common/settings-contract.ts), and the chat's own two settings.
  settingsGet: () => invoke('settings:get'),
  settingsUpdate: (patch: SettingsPatch) => invoke('settings:update', patch),
  models: () => invoke('settings:models'),
  download: (id: string) => invoke('settings:download', { id }),
  cancelDownload: (id: string) => invoke('settings:cancel-download', { id }),
  removeModel: (id: string) => invoke('settings:remove-model', { id }),
  useModel: (id: string) => invoke('settings:use-model', { id }),
  checkBackend: (draft: RemoteBackendDraft) => invoke('settings:check-backend', draft),
  remoteModels: (kind: RemoteKind, baseUrl: string) => invoke('settings:remote-models', { kind, baseUrl }),
  setApiKey: (kind: RemoteKind, apiKey: string | null) => invoke('settings:set-api-key', { kind, apiKey }),
  onSettingsChanged: (listener: (view: SettingsView) => void) => subscribe('settings:changed', listener),
  onDownloadProgress: (listener: (event: DownloadEvent) => void) => subscribe('settings:download-progress', listener),
  onShowView: (listener: (view: AppView) => void) => subscribe('app:show-view', (payload) => listener(payload.view)),
};

export type SightlineChatApi = typeof api;

contextBridge.exposeInMainWorld('sightline', api);
