// The page's only door to the app, one interface over two transports:
// - in Electron, the chat preload's API (window.sightline), with each
//   answer's events on a MessagePort the preload hands over (bridge-electron);
// - served over http by the development web host, a WebSocket to that host,
//   which runs the real engine and history store (bridge-web).
// With neither, the bridge says plainly that no app is behind the page.
import type { AnswerEvent } from '../../common/engine-protocol.js';
import type {
  AskRequest,
  ChatSettings,
  ChatStatus,
  Conversation,
  ConversationSummary,
  OpenExternalReply,
  StorageNotice,
} from '../../common/chat-contract.js';
import type { AppInfo } from '../../common/ipc-contract.js';
import type {
  AppView,
  ConnectionReport,
  DownloadEvent,
  ModelsView,
  RemoteBackendDraft,
  RemoteKind,
  RemoteModelsReply,
  SettingsPatch,
  SettingsView,
  UpdateReply,
} from '../../common/settings-contract.js';
import { webHostMarker, webSocketPath } from '../../common/chat-web-contract.js';
import type { SightlineChatApi } from '../../preload/chat.js';
import { electronBridge } from './bridge-electron.js';
import { webSocketBridge } from './bridge-web.js';

export interface AnswerHandle {
  /** Asks the host to stop; the answer still ends with its 'done' (reason 'stopped'). */
  stop(): void;
}

/** The settings panel's requests and events (common/settings-contract.ts). */
export interface SettingsBridge {
  get(): Promise<SettingsView>;
  update(patch: SettingsPatch): Promise<UpdateReply>;
  models(): Promise<ModelsView>;
  /** Starts a download; its progress comes through onDownload. */
  download(id: string): Promise<void>;
  cancelDownload(id: string): Promise<void>;
  removeModel(id: string): Promise<ModelsView>;
  useModel(id: string): Promise<UpdateReply>;
  checkBackend(draft: RemoteBackendDraft): Promise<ConnectionReport>;
  remoteModels(kind: RemoteKind, baseUrl: string): Promise<RemoteModelsReply>;
  /** Stores a server's API key (null deletes it); the key never comes back, only whether one is stored. */
  setApiKey(kind: RemoteKind, apiKey: string | null): Promise<SettingsView>;
  onChanged(listener: (view: SettingsView) => void): () => void;
  onDownload(listener: (event: DownloadEvent) => void): () => void;
  /** The tray asks for a view ("Settings…", "History…"). */
  onShowView(listener: (view: AppView) => void): () => void;
}

export interface ChatBridge {
  /** The settings panel. */
  readonly prefs: SettingsBridge;
  readonly kind: 'electron' | 'web' | 'none';
  /** Resolves once the host answers (rejects with why it cannot be reached). */
  appInfo(): Promise<AppInfo>;
  status(): Promise<ChatStatus>;
  onStatus(listener: (status: ChatStatus) => void): () => void;
  /** A new capture was opened (the hotkey in the app, the dev route on the web host). */
  onCapture(listener: (conversation: ConversationSummary) => void): () => void;
  /** The host went away (web host stopped). */
  onDisconnect(listener: (reason: string) => void): () => void;
  listConversations(): Promise<ConversationSummary[]>;
  openConversation(conversationId: string): Promise<Conversation>;
  captureImage(conversationId: string): Promise<Blob>;
  deleteConversation(conversationId: string): Promise<void>;
  /** Starts an answer; `onEvent` gets its events in order, the last being 'done' or 'error'. */
  ask(request: AskRequest, onEvent: (event: AnswerEvent) => void): AnswerHandle;
  settings(): Promise<ChatSettings>;
  setSettings(settings: ChatSettings): Promise<ChatSettings>;
  retryModel(): Promise<void>;
  /** Files that could not be read at start or since (settings reset, conversations skipped). */
  storageNotices(): Promise<StorageNotice[]>;
  /** Main checks the URL (http/https only) and opens it in the system browser. */
  openExternal(url: string): Promise<OpenExternalReply>;
  copyText(text: string): Promise<void>;
  /** Hides the chat window (Esc with nothing else to stop or close). */
  hideWindow(): void;
  /** Development only (web host): opens a PNG as a new capture. */
  openImage?: (png: Blob) => Promise<ConversationSummary | void>;
}

declare global {
  interface Window {
    sightline?: SightlineChatApi;
  }
}

export const notConnected = 'Not connected to the Sightline app.';
export const connectionLost = 'Lost the connection to Sightline.';

export function disconnectedBridge(reason: string = notConnected): ChatBridge {
  const fail = () => Promise.reject(new Error(reason));
  return {
    kind: 'none',
    prefs: {
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
      onDownload: () => () => {},
      onShowView: () => () => {},
    },
    appInfo: fail,
    status: fail,
    onStatus: () => () => {},
    onCapture: () => () => {},
    onDisconnect: () => () => {},
    listConversations: fail,
    openConversation: fail,
    captureImage: fail,
    deleteConversation: fail,
    ask: (_request, onEvent) => {
      queueMicrotask(() => onEvent({ type: 'error', error: { code: 'internal', message: reason } }));
      return { stop: () => {} };
    },
    settings: fail,
    setSettings: fail,
    retryModel: fail,
    storageNotices: fail,
    openExternal: fail,
    copyText: fail,
    hideWindow: () => {},
  };
}

let bridge: ChatBridge | undefined;

/** The development web host marks the pages it serves (webHostMarker); any other server is not an app. */
function servedByWebHost(): boolean {
  return location.protocol === 'http:' && document.querySelector(`meta[name="${webHostMarker}"]`) !== null;
}

/** The bridge for this page, created once. */
export function chatBridge(): ChatBridge {
  if (!bridge) {
    if (window.sightline) bridge = electronBridge(window.sightline);
    else if (servedByWebHost()) bridge = webSocketBridge(`ws://${location.host}${webSocketPath}`);
    else bridge = disconnectedBridge();
  }
  return bridge;
}
