// What the chat page's store holds, slice by slice: one interface per job,
// each made by its file in this folder (zustand's slices pattern), all of
// them one store (../store.ts), so a slice reads and calls the others
// through get(). Read this file to see the whole page's state.
import type { StateCreator } from 'zustand';
import type { CaptureTextState } from '../../../common/capture-text.js';
import type { CaptureAdded, CaptureTextChange, ChatStatus, StorageNotice } from '../../../common/chat-contract.js';
import type {
  AskRequest,
  CaptureRect,
  Conversation,
  ConversationSummary,
  QuickAction,
} from '../../../common/conversation.js';
import type { GenerationPhase } from '../../../common/engine-protocol.js';
import type { RedactionBox, SecretFinding } from '../../../common/redaction.js';
import type { AppInfo } from '../../../common/ipc-contract.js';
import type { AnswerHandle } from '../bridge.js';
import type { MarkdownStream } from '../markdown/stream.js';

export type Connection =
  { state: 'connecting' } | { state: 'connected'; info: AppInfo } | { state: 'offline'; reason: string };

export interface LiveAnswer {
  readonly answerId: string;
  readonly conversationId: string;
  readonly stream: MarkdownStream;
  handle: AnswerHandle | undefined;
}

export type Dialog =
  | { kind: 'link'; url: string }
  | { kind: 'delete-conversation'; conversationId: string; title: string }
  | { kind: 'keep-off' }
  /** A capture whole: the first, or a later one (`capture`, its index). */
  | { kind: 'zoom'; capture?: number }
  /** A model's files (or its partial download) are about to be deleted. */
  | { kind: 'remove-model'; id: string; name: string; bytes: number; partial: boolean };

/** Whether the app is reachable, and what its model is doing (connection.ts). */
export interface ConnectionSlice {
  connection: Connection;
  status: ChatStatus | undefined;
  /** Reaches the app and loads what the page shows first; once per page. */
  connect(): Promise<void>;
  retryModel(): void;
}

/** The conversation shown, its capture, and the question being written (conversation.ts). */
export interface ConversationSlice {
  conversation: Conversation | undefined;
  imageUrl: string | undefined;
  draft: string;
  editing: boolean;
  openConversation(conversationId: string): Promise<void>;
  setDraft(text: string): void;
  startEdit(): void;
  cancelEdit(): void;
}

/** The text read from the open conversation's capture, and whether it is drawn over it (capture-text.ts). */
export interface CaptureTextSlice {
  /** The open conversation's, once the host answered (a state kept for another conversation is stale). */
  captureText: { conversationId: string; state: CaptureTextState } | undefined;
  /** "Show text": the preview grows and the lines are drawn over it (and over the zoomed capture). */
  showCaptureText: boolean;
  /** Asks the host where the capture's text stands (when a conversation opens). */
  loadCaptureText(conversationId: string): Promise<void>;
  /** The host's word that a reading ended: kept if it is the open conversation's. */
  captureTextChanged(change: CaptureTextChange): void;
  toggleCaptureText(): void;
}

/** Asking for an answer, and the answer being written as it streams (answers.ts). */
export interface AnswerSlice {
  live: LiveAnswer | undefined;
  livePhase: GenerationPhase | undefined;
  /** Bumped once per animation frame while tokens arrive. */
  liveVersion: number;
  /** What the polite live region says (not the tokens: the answer once done). */
  announcement: string;
  send(): void;
  /** A quick action asks at once: `question` is its full prompt, in the page's language. */
  askAction(action: QuickAction, question: string): void;
  /** Asks a question at once, leaving what the user was typing (a closer look's question). */
  askQuestion(question: string): void;
  regenerate(): void;
  stop(): void;
  /** Asks a question that waited for the review of its capture's secrets (redaction.ts). */
  askHeld(request: AskRequest, fromButton: boolean): void;
}

/** A question waiting for the review of its capture's secrets: asked as it was once the user sends. */
export interface HeldQuestion {
  request: AskRequest;
  fromButton: boolean;
}

/** The review of what looks secret in a capture, before it goes to a model server. */
export interface SecretsReview {
  conversationId: string;
  capture: number;
  /** 'finding': the host is looking; 'hiding': Send was pressed and the host fills the boxes. */
  phase: 'finding' | 'ready' | 'hiding';
  findings: SecretFinding[];
  /** false: the capture's text could not be read; only boxes the user draws hide anything. */
  textRead: boolean;
  /** The question that waits for it; undefined: opened on demand ("Hide secrets…"). */
  waiting: HeldQuestion | undefined;
  error?: string;
}

/** Hiding secrets before a capture goes to a model server: the review, the image sent, copying it (redaction.ts). */
export interface RedactionSlice {
  review: SecretsReview | undefined;
  /** The image that was sent for a capture, open in its viewer. */
  sentImage: { conversationId: string; capture: number; url: string } | undefined;
  /** Holds a question whose capture must be reviewed first (a model server, hiding on): true if held. */
  holdForReview(request: AskRequest, fromButton: boolean): boolean;
  /** Opens the review on demand, whichever backend answers. */
  reviewSecrets(capture: number): void;
  /** Has the host fill `boxes`, then asks the question that waited, if one did. */
  confirmReview(boxes: RedactionBox[]): Promise<void>;
  cancelReview(): void;
  viewSentImage(capture: number): Promise<void>;
  closeSentImage(): void;
  /** Copies the capture's image with its hidden areas filled. */
  copyImage(capture: number): Promise<void>;
}

/** The open conversation's later captures: their images, one being added, and "Look closer" (later-captures.ts). */
export interface LaterCapturesSlice {
  /** Object URLs of the open conversation's later captures' images, by capture index. */
  laterImages: { conversationId: string; urls: Record<number, string> } | undefined;
  /** A closer look is being cut out and added. */
  lookingCloser: boolean;
  /** Fetches the images of a conversation just opened. */
  loadLaterCaptures(conversation: Conversation): void;
  /** The host's word that a capture was added to a conversation. */
  captureAdded(added: CaptureAdded): void;
  /** Cuts `rect` (in capture `capture`'s own pixels) out as the latest capture, then asks about it. */
  lookCloser(capture: number, rect: CaptureRect): Promise<void>;
}

/** Saved conversations: the list, deleting one, keeping none (history.ts). */
export interface HistorySlice {
  history: ConversationSummary[];
  showHistory(): Promise<void>;
  refreshHistory(): Promise<void>;
  /** Asks first: the dialog's Delete calls deleteConversation. */
  askDeleteConversation(conversationId: string, title: string): void;
  deleteConversation(conversationId: string): Promise<void>;
  /** Keeping none asks first: the dialog's button calls confirmKeepOff. */
  setKeepHistory(keep: boolean): Promise<void>;
  confirmKeepOff(): Promise<void>;
}

/** What the page shows around the conversation: the view, a dialog, a notice, links, the clipboard, Esc (page.ts). */
export interface PageSlice {
  view: 'conversation' | 'history' | 'settings';
  dialog: Dialog | undefined;
  notice: string | undefined;
  /** Bumped to put the focus in the question field. */
  focusRequest: number;
  showSettings(): void;
  showConversation(): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  /** A link from an answer: checked, then confirmed in a dialog before main opens it. */
  requestLink(url: string): void;
  confirmLink(): Promise<void>;
  copy(text: string): Promise<void>;
  dismissNotice(): void;
  /** Esc: closes, stops or goes back, whichever comes first; with nothing to do, hides the window. */
  escape(): void;
}

/** The user's files the app could not read (settings reset, conversations skipped), until dismissed (storage-notices.ts). */
export interface StorageNoticesSlice {
  storageNotices: StorageNotice[];
  refreshStorageNotices(): Promise<void>;
  dismissStorageNotices(kind: StorageNotice['kind']): void;
}

export type ChatState = ConnectionSlice &
  ConversationSlice &
  CaptureTextSlice &
  AnswerSlice &
  RedactionSlice &
  LaterCapturesSlice &
  HistorySlice &
  PageSlice &
  StorageNoticesSlice;

/** Makes one slice of the chat store. */
export type ChatSlice<Slice> = StateCreator<ChatState, [], [], Slice>;
