// What the chat page may ask of the app, whatever carries it: the ChatBridge
// interface (and its settings part), with the sentences a bridge fails with
// when no app is behind it. The implementations are bridge-electron.ts (the
// chat preload), bridge-web.ts (the development web host's WebSocket) and
// bridge-none.ts; bridge-for-page.ts picks one. Each method is named after
// its channel (common/chat-contract.ts, common/settings-contract.ts), as in
// the preload.
import type { AnswerEvent } from '../../common/engine-protocol.js';
import type {
  CaptureAdded,
  CaptureTextChange,
  ChatStatus,
  LookCloserRequest,
  OpenExternalReply,
  StorageNotice,
} from '../../common/chat-contract.js';
import type { CaptureTextState } from '../../common/capture-text.js';
import type { ByCapture, CopyImageRequest, HideSecretsRequest } from '../../common/chat-contract.js';
import type { CaptureRedaction, SecretsFound } from '../../common/redaction.js';
import type { AskRequest, Conversation, ConversationSummary } from '../../common/conversation.js';
import type { AppInfo } from '../../common/ipc-contract.js';
import type { OpenImageReply } from '../../common/open-image.js';
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

export interface AnswerHandle {
  /** Asks the host to stop; the answer still ends with its 'done' (reason 'stopped'). */
  stop(): void;
}

/** The settings panel's requests and events ('settings:…' channels). */
export interface SettingsBridge {
  get(): Promise<SettingsView>;
  update(patch: SettingsPatch): Promise<UpdateReply>;
  models(): Promise<ModelsView>;
  /** Starts a download; its progress comes through onDownloadProgress. */
  download(id: string): Promise<void>;
  cancelDownload(id: string): Promise<void>;
  removeModel(id: string): Promise<ModelsView>;
  useModel(id: string): Promise<UpdateReply>;
  checkBackend(draft: RemoteBackendDraft): Promise<ConnectionReport>;
  remoteModels(kind: RemoteKind, baseUrl: string): Promise<RemoteModelsReply>;
  /** Stores a server's API key (null deletes it); the key never comes back, only whether one is stored. */
  setApiKey(kind: RemoteKind, apiKey: string | null): Promise<SettingsView>;
  onChanged(listener: (view: SettingsView) => void): () => void;
  onDownloadProgress(listener: (event: DownloadEvent) => void): () => void;
  /** The tray asks for a view ("Settings…", "History…"). */
  onShowView(listener: (view: AppView) => void): () => void;
}

export interface ChatBridge {
  /** The settings panel, and the chat's own settings (keep history, answer language). */
  readonly settings: SettingsBridge;
  readonly kind: 'electron' | 'web' | 'none';
  /** Resolves once the host answers (rejects with why it cannot be reached). */
  appInfo(): Promise<AppInfo>;
  status(): Promise<ChatStatus>;
  onStatusChanged(listener: (status: ChatStatus) => void): () => void;
  /** A new capture was opened (the hotkey, an image opened, pasted or dropped in any page, the web host's --capture). */
  onCaptureOpened(listener: (conversation: ConversationSummary) => void): () => void;
  /** What the page opens on: the latest capture, until the user opened another conversation (null: none). */
  currentConversation(): Promise<string | null>;
  /** The host went away (web host stopped). */
  onDisconnect(listener: (reason: string) => void): () => void;
  listConversations(): Promise<ConversationSummary[]>;
  openConversation(conversationId: string): Promise<Conversation>;
  /** A capture's PNG: the conversation's first, or its later capture `capture` (conversation-captures.ts). */
  captureImage(conversationId: string, capture?: number): Promise<Blob>;
  /** Cuts a region of a capture (in its pixels) from its full-resolution file and adds it as the latest capture. */
  lookCloser(request: LookCloserRequest): Promise<Conversation>;
  /** A capture was added to a conversation (a closer look, the repeat shortcut). */
  onCaptureAdded(listener: (added: CaptureAdded) => void): () => void;
  /** What looks secret in a capture, for the review before it goes to a model server. */
  findSecrets(request: ByCapture): Promise<SecretsFound>;
  /** Fills the reviewed boxes; the host keeps that image as what leaves for the capture. */
  hideSecrets(request: HideSecretsRequest): Promise<CaptureRedaction>;
  /** The image that leaves (or left) for a capture with hidden areas, as a PNG. */
  sentImage(request: ByCapture): Promise<Blob>;
  /** Copies a capture's image to the clipboard, with its hidden areas filled or as captured. */
  copyImage(request: CopyImageRequest): Promise<void>;
  /** The capture's text: being read, read (its lines and their boxes), or not readable. */
  captureText(conversationId: string): Promise<CaptureTextState>;
  /** A capture's text was read (or could not be). */
  onCaptureTextChanged(listener: (change: CaptureTextChange) => void): () => void;
  deleteConversation(conversationId: string): Promise<void>;
  /** Starts an answer; `onEvent` gets its events in order, the last being 'done' or 'error'. */
  ask(request: AskRequest, onEvent: (event: AnswerEvent) => void): AnswerHandle;
  retryModel(): Promise<void>;
  /** Files that could not be read at start or since (settings reset, conversations skipped). */
  storageNotices(): Promise<StorageNotice[]>;
  /** Main checks the URL (http/https only) and opens it in the system browser. */
  openExternal(url: string): Promise<OpenExternalReply>;
  copy(text: string): Promise<void>;
  /** Hides the chat window (Esc with nothing else to stop or close). */
  hide(): void;
  /** Opens an image file (PNG, JPEG, WebP, GIF) as a new capture, which every page then hears of; or says why not. */
  openImage?: (image: Blob) => Promise<OpenImageReply>;
}

export const notConnected = 'Not connected to the Sightline app.';
export const connectionLost = 'Lost the connection to Sightline.';
